// The foundation SDK publishes its modules through package.json `exports` only; this repository
// resolves modules the node10 way, which ignores `exports`. These aliases give the compiler the
// SDK's own declarations under the import paths Node resolves at run time. (Drop this file when
// tsconfig.json moves to `moduleResolution: node16` or maps the SDK in `paths`.)
declare module '@grafana/grafana-foundation-sdk/dashboard' {
  export * from '@grafana/grafana-foundation-sdk/dist/dashboard';
}
declare module '@grafana/grafana-foundation-sdk/common' {
  export * from '@grafana/grafana-foundation-sdk/dist/common';
}
declare module '@grafana/grafana-foundation-sdk/prometheus' {
  export * from '@grafana/grafana-foundation-sdk/dist/prometheus';
}
declare module '@grafana/grafana-foundation-sdk/timeseries' {
  export * from '@grafana/grafana-foundation-sdk/dist/timeseries';
}
declare module '@grafana/grafana-foundation-sdk/stat' {
  export * from '@grafana/grafana-foundation-sdk/dist/stat';
}
declare module '@grafana/grafana-foundation-sdk/gauge' {
  export * from '@grafana/grafana-foundation-sdk/dist/gauge';
}
declare module '@grafana/grafana-foundation-sdk/cog' {
  export * from '@grafana/grafana-foundation-sdk/dist/cog';
}
