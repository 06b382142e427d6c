// Prints "N passed, N failed" from jest's --json output (test-output/jest.json).
const fs = require('fs');
let r = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numRuntimeErrorTestSuites: 0 };
try {
  r = JSON.parse(fs.readFileSync('test-output/jest.json', 'utf8'));
} catch {
  r.numFailedTests = 1;
}
const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
console.log(`${r.numPassedTests} passed, ${failed} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ''));
