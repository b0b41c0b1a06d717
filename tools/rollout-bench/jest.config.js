const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'rollout-bench', rootDir: __dirname };
