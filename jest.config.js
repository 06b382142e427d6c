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
};
