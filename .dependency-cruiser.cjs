/**
 * The layer rules of docs/architecture.md, as code (`npm run lint`, test/architecture/layers.test.ts).
 * Layers, bottom up: util/ net/ version.ts (leaves) < grammar/ (domain-free) and sip/ (the engine)
 * < config/ < commands/ < shell/ < the front ends telnet/ ssh/ web/ (and docs/) < cli/, which alone
 * wires everything. A rule names what a folder must NOT import; the comment says why.
 */
const folders = ['cli', 'commands', 'config', 'docs', 'grammar', 'net', 'shell', 'sip', 'ssh', 'telnet', 'util', 'web'];
/** A path pattern for src/ folders (and version.ts when `version` is given). */
const src = (...names) => `^src/(${names.join('|')})(/|\\.ts$)`;
const except = (...keep) => folders.filter((f) => !keep.includes(f));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can be read, tested or replaced alone.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'leaves-stay-leaves',
      severity: 'error',
      comment: 'util/, net/ and version.ts are the floor: clock, event log, host parsing, UDP. They import no other part of sipsh.',
      from: { path: src('util', 'net', 'version') },
      to: { path: src(...except('util', 'net')) },
    },
    {
      name: 'sip-engine-is-independent',
      severity: 'error',
      comment:
        'The SIP engine knows nothing of the router around it: no configuration model, grammar, shell, commands or front end. It gets an immutable settings snapshot and returns typed outcomes (issue 14).',
      from: { path: '^src/sip/' },
      to: { path: src(...except('sip', 'net', 'util')) },
    },
    {
      name: 'grammar-is-domain-free',
      severity: 'error',
      comment: 'The grammar compiler and matcher take their value types from outside (src/commands/value-types.ts): they import no other part of sipsh.',
      from: { path: '^src/grammar/' },
      to: { path: src(...except('grammar', 'util')) },
    },
    {
      name: 'config-below-commands',
      severity: 'error',
      comment: 'The configuration model, its rendering and its store serve the commands; they do not know the shell, the commands or a front end. (config/ may build the engine settings, so it may import sip/.)',
      from: { path: '^src/config/' },
      to: { path: src('cli', 'commands', 'docs', 'shell', 'ssh', 'telnet', 'web') },
    },
    {
      name: 'commands-below-shell',
      severity: 'error',
      comment: 'Handlers print lines and change the model; they never see a session implementation, a socket or a front end.',
      from: { path: '^src/commands/' },
      to: { path: src('cli', 'docs', 'shell', 'ssh', 'telnet', 'web') },
    },
    {
      name: 'shell-below-front-ends',
      severity: 'error',
      comment: 'The shell (sessions, interpreter) is shared by every front end; it does not know which one carries it.',
      from: { path: '^src/shell/' },
      to: { path: src('cli', 'docs', 'ssh', 'telnet', 'web') },
    },
    {
      name: 'front-ends-apart',
      severity: 'error',
      comment: 'telnet/, ssh/, web/ and docs/ are siblings: each reaches the shell on its own; only cli/ puts them together.',
      from: { path: src('docs', 'ssh', 'telnet', 'web') },
      to: { path: src('cli', 'docs', 'ssh', 'telnet', 'web'), pathNot: '^src/$1/' },
    },
    {
      name: 'only-cli-wires-everything',
      severity: 'error',
      comment: 'src/cli/ is the top: it builds and starts the parts; nothing imports it.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-dev-dependencies-in-src',
      severity: 'error',
      comment: 'The shipped program may not need a package that `npm ci --omit=dev` leaves out.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a broken build waiting for a path.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
