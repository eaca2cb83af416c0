// The few WebAssembly JS API names the scan kernel's host uses: @types/node for Node 20 declares none, and the DOM
// library, which does, would declare a browser's globals for every module of the project.
declare namespace WebAssembly {
  class Module {
    constructor (bytes: Uint8Array)
  }
  class Instance {
    constructor (module: Module, imports?: Record<string, Record<string, unknown>>)
    readonly exports: Record<string, unknown>
  }
  class Memory {
    readonly buffer: ArrayBuffer
    grow (pages: number): number
  }
}
