const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'scanner', rootDir: __dirname };
