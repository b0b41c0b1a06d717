const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'ci-validators', rootDir: __dirname };
