const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'planner', rootDir: __dirname };
