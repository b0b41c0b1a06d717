const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'mesh-e2e', rootDir: __dirname, testTimeout: 180_000 };
