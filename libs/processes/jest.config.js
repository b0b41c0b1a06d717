const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'processes', rootDir: __dirname };
