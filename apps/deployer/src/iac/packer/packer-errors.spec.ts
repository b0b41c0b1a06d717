import { packerErrors } from './packer-validate';

describe('packerErrors', () => {
  it('cuts packer’s output into its Error: blocks', () => {
    const output = 'Error: Unsupported argument\n\n  on a.pkr.hcl line 3:\n\nAn argument named "x" is not expected here.\n\n\nError: Missing item\n\n  on a.pkr.hcl line 9:\n';
    expect(packerErrors(output)).toEqual([
      'Unsupported argument\n\n  on a.pkr.hcl line 3:\n\nAn argument named "x" is not expected here.',
      'Missing item\n\n  on a.pkr.hcl line 9:',
    ]);
  });

  it('keeps output without Error: blocks whole', () => {
    expect(packerErrors('Failed to parse template: Error parsing JSON\nAt line 2\n')).toEqual([
      'Failed to parse template: Error parsing JSON\nAt line 2',
    ]);
    expect(packerErrors('  ')).toEqual(['packer validate failed without a message']);
  });
});
