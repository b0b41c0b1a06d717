import { patternRule } from './rule.model';

export const privateKeyRule = patternRule({
  id: 'secret/private-key',
  name: 'PrivateKey',
  severity: 'critical',
  description: 'A PEM private key is part of the artifact.',
  help: 'Remove the key from the source and rotate it; mount keys at run time from a secret store.',
  pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g,
  describe: () => 'PEM private key block',
});
