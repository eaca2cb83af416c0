// Worker thread of `buildLibraries`: builds blocks of models on request and posts them back (arrays transferred).
import { parentPort, workerData } from 'node:worker_threads'
import type { BuildPlan } from './build-plan.js'
import { createModelFactory } from './build-models.js'
import type { BuildTask } from './build.js'

const factory = createModelFactory(workerData as BuildPlan)
parentPort?.on('message', (task: BuildTask) => {
  const block = factory.build(task.kind, task.from, task.to)
  parentPort?.postMessage(block, [block.params.buffer as ArrayBuffer, ...block.mags.map((m) => m.buffer as ArrayBuffer)])
})
