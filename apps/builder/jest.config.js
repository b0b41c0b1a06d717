const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'builder', rootDir: __dirname };
