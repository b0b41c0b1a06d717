const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'nats-users', rootDir: __dirname, testTimeout: 180_000 };
