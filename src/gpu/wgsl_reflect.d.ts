// wgsl_reflect's "main" is a CommonJS file in a "type": "module" package, so Node cannot load it; the ES
// module build is imported by path and typed with the package's own declarations.
declare module 'wgsl_reflect/wgsl_reflect.module.js' {
  export * from 'wgsl_reflect';
}
