import { loadBuilderConfig } from './builder.config';

describe('loadBuilderConfig', () => {
  it('uses the command driver unless told otherwise', () => {
    expect(loadBuilderConfig({}).JETWAY_BUILDER_DRIVER).toBe('command');
    expect(loadBuilderConfig({ JETWAY_BUILDER_DRIVER: 'noop' }).JETWAY_BUILDER_DRIVER).toBe('noop');
  });

  it('refuses an unknown driver naming the variable and the choices', () => {
    expect(() => loadBuilderConfig({ JETWAY_BUILDER_DRIVER: 'docker' })).toThrow(
      /JETWAY_BUILDER_DRIVER: 'docker' is not a build driver; use command .* or noop/,
    );
  });
});
