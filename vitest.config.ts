import { defineConfig } from 'vitest/config'

// Projects: `unit` (in-process, including multi-peer networks on loopback; two files at a time) and `e2e` (real processes, one fork at
// a time so that they do not fight for the 2 cores); `npm test` runs both. `npm run test:internet` runs `internet`,
// the tests across network namespaces with NAT routers (root; about 5 minutes: the harness, hole punching through
// real NATs, a whole project), `npm run test:projects` runs `projects` (a survey across runs and redshifts, each role
// its own process, with locality on and off; about 8 minutes), and `npm run test:reference` runs `reference`, model libraries built at 25,000 +
// 25,000 models and fitted to MAGPHYS' reference pixels (about a minute); CI runs all five. Every project first compiles dist/ (test/build-dist.ts), which the tests that
// start `pogs` processes run.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/setup.ts'],
          globalSetup: ['test/build-dist.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
          // Two files at a time even on 2 cores (vitest's default is one fewer than the cores): most unit files wait
          // on loopback networks rather than compute, and the unit project's wall time falls by a quarter.
          maxWorkers: 2
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          setupFiles: ['test/setup.ts'],
          globalSetup: ['test/build-dist.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false
        }
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          setupFiles: ['test/setup.ts'],
          globalSetup: ['test/build-dist.ts'],
          testTimeout: 900_000,
          hookTimeout: 300_000,
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false
        }
      },
      {
        extends: true,
        test: {
          name: 'internet',
          include: ['test/internet/**/*.test.ts'],
          setupFiles: ['test/setup.ts'],
          globalSetup: ['test/build-dist.ts'],
          testTimeout: 900_000,
          hookTimeout: 900_000,
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false
        }
      },
      {
        extends: true,
        test: {
          name: 'projects',
          include: ['test/projects/**/*.test.ts'],
          setupFiles: ['test/setup.ts'],
          globalSetup: ['test/build-dist.ts'],
          testTimeout: 900_000,
          hookTimeout: 300_000,
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false
        }
      },
      {
        extends: true,
        test: {
          name: 'reference',
          include: ['test/reference/**/*.test.ts'],
          setupFiles: ['test/setup.ts'],
          globalSetup: ['test/build-dist.ts'],
          testTimeout: 3_600_000,
          pool: 'forks',
          maxWorkers: 1
        }
      }
    ]
  }
})
