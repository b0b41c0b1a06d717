const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'deployer', rootDir: __dirname };
