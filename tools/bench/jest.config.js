const preset = require('../../jest.preset.js');

// Unit specs of the bench's pure parts only (statistics, timelines, tables, arguments): fast, no timing.
module.exports = { ...preset, displayName: 'bench', rootDir: __dirname };
