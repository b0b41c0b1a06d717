const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'dashboards', rootDir: __dirname };
