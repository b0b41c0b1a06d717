import { parse } from '@cdktn/hcl2json';
import { nested, ref, writeHcl } from './hcl-writer';

describe('the HCL writer', () => {
  it('writes blocks a real HCL2 parser reads back as the same data', async () => {
    const text = writeHcl([
      { type: 'terraform', labels: [], body: { required_providers: nested({ aws: { source: 'hashicorp/aws', version: '~> 5.40' } }) } },
      {
        type: 'resource',
        labels: ['aws_security_group', 'app'],
        body: { vpc_id: ref('var.vpc_id'), name: 'a "quoted" ${not-interpolated}', ingress: nested({ from_port: 443, cidr_blocks: ['10.0.0.0/8'] }, { from_port: 22, cidr_blocks: [] }), tags: { owner: 'platform', 'cost-center': '42' } },
      },
    ]);
    const json = (await parse('main.tf', text)) as { resource: { aws_security_group: { app: Array<Record<string, unknown>> } }; terraform: unknown[] };
    const [group] = json.resource.aws_security_group.app;
    expect(group).toMatchObject({ vpc_id: '${var.vpc_id}', name: 'a "quoted" ${not-interpolated}', tags: { owner: 'platform', 'cost-center': '42' } });
    expect(group?.['ingress']).toEqual([{ from_port: 443, cidr_blocks: ['10.0.0.0/8'] }, { from_port: 22, cidr_blocks: [] }]);
    expect(json.terraform).toHaveLength(1);
  });
});
