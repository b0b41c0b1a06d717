/** The `BuildDriver` the config chose (`JETWAY_BUILDER_DRIVER`). */
export const BUILD_DRIVER = Symbol('jetway.builder.build-driver');
