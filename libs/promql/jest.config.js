const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'promql', rootDir: __dirname };
