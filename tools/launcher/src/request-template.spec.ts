import { fillPlaceholders } from './request-template';

describe('fillPlaceholders', () => {
  const values = { TARGETS: ['10.0.0.1:8080', '10.0.0.2:8080'], URL: 'http://127.0.0.1:8480/hello', KEY_FILE: '/state/secrets/key' };

  it('splices a list into the list that names it and replaces a whole-string placeholder, deep in the document', () => {
    const template = { items: [{ targets: ['$TARGETS'], probes: ['$URL', 'http://other'] }], config: { routing_key_file: '$KEY_FILE' }, keep: 5 };
    expect(fillPlaceholders(template, values)).toEqual({
      items: [{ targets: ['10.0.0.1:8080', '10.0.0.2:8080'], probes: ['http://127.0.0.1:8480/hello', 'http://other'] }],
      config: { routing_key_file: '/state/secrets/key' },
      keep: 5,
    });
  });

  it('leaves strings that only contain a dollar sign alone', () => {
    expect(fillPlaceholders({ text: 'costs $5', lower: '$lower', inside: 'a $URL b' }, values)).toEqual({ text: 'costs $5', lower: '$lower', inside: 'a $URL b' });
  });

  it('names a placeholder without a value, and where it is', () => {
    expect(() => fillPlaceholders({ a: { b: ['$NOPE'] } }, values)).toThrow('a.b[0]: no value for $NOPE (known: $TARGETS, $URL, $KEY_FILE)');
  });

  it('refuses a list where a single value belongs', () => {
    expect(() => fillPlaceholders({ url: '$TARGETS' }, values)).toThrow('url: $TARGETS is a list; name it inside a list ([...])');
  });
});
