/** jest runs the TypeScript tests through ts-jest (CommonJS output). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  testTimeout: 30000,
  // Most e2e files spend their time waiting on real peers and real timers (SIP Timer F, session
  // timers, login delays), not on the CPU: three workers on two cores keep the suite's wall time
  // near a third of its sum (jest's default would be one worker here).
  maxWorkers: 3,
  // At the end of a run jest asks each worker to exit and kills it if it has not after this long
  // (500 ms by default), printing "A worker process has failed to exit gracefully". A worker that
  // has run many files exits on its own (no open handle: its 'exit' event comes within ~50 ms of
  // the request), but then frees a heap of 300-700 MB: V8's teardown (~1000 munmap calls) and
  // the kernel's took 230-650 ms on this 2-core machine under load, so the warning came on runs
  // with nothing left open. A handle left open keeps a worker up for good: it is still killed,
  // and the warning still printed, after this wait.
  workerGracefulExitTimeout: 5000,
};
