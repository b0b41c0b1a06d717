const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'monitor-configurator', rootDir: __dirname };
