/**
 * The dependency rules of src/ (docs/architecture.md draws them). `npm run lint:deps` checks them, and
 * `npm test` runs it, so a change that breaks a rule fails CI. Each rule names the modules it constrains
 * (`from`) and what they must not import (`to`).
 */
/** AWS access: clients, credentials, transport, retries, errors. Only the parts that talk to AWS use it. */
const AWS_ACCESS = '^src/aws/';
/** The SDK packages that build clients and send requests (the client packages themselves are checked apart). */
const AWS_TRANSPORT_PACKAGES = '(^|/)node_modules/(@aws-sdk/credential-providers|@smithy/(core|node-http-handler|protocol-http))/';
/** Any AWS SDK package (clients, commands, credentials, Smithy runtime). */
const AWS_SDK = '(^|/)node_modules/(@aws-sdk|@smithy)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles, type-only ones included: a cycle means two modules are one part, or one is in the wrong place.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'patterns-import-nothing-of-ours',
      severity: 'error',
      comment:
        'The pattern engines (metric filter and EventBridge pattern syntax) are self-contained: they import nothing from the rest of ' +
        'trailwarden and no package, so they can be tested and reasoned about alone.',
      from: { path: '^src/patterns/' },
      to: { pathNot: '^src/patterns/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'policy-evaluator-imports-nothing-of-ours',
      severity: 'error',
      comment:
        'The IAM policy evaluator (topic, key and role policies) knows no control and makes no AWS call: like the pattern engines, ' +
        'it imports nothing from the rest of trailwarden and no package.',
      from: { path: '^src/policy/' },
      to: { pathNot: '^src/policy/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'snapshot-and-corpus-are-leaves',
      severity: 'error',
      comment:
        'The snapshot (the data model every part shares) and the CloudTrail record corpus (what monitoring controls test ' +
        'patterns against) import nothing of ours.',
      from: { path: '^src/(snapshot|corpus)/' },
      to: { path: '^src/', pathNot: '^src/(snapshot|corpus)/' },
    },
    {
      name: 'config-knows-only-severities',
      severity: 'error',
      comment:
        'The config module reads and validates trailwarden.config.yaml; of the rest it knows only what a severity is and which benchmarks there are (two leaves).',
      from: { path: '^src/config/' },
      to: { path: '^src/', pathNot: ['^src/config/', '^src/checks/severity\\.ts$', '^src/checks/benchmark\\.ts$'] },
    },
    {
      name: 'checks-are-pure',
      severity: 'error',
      comment:
        'Controls evaluate a snapshot and nothing else: they never import the collector, AWS access, the remediations, the ' +
        'results step, the report formats, the commands or the CLI, and no AWS SDK at run time.',
      from: { path: '^src/checks/' },
      to: { path: ['^src/(collect|aws|remediations|results|report|publish|commands|cli)/', AWS_SDK], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'checks-import-no-write-side-types',
      severity: 'error',
      comment: 'Not even types: a control knows the shape of the snapshot, not of the collector or the writers.',
      from: { path: '^src/checks/' },
      to: { path: '^src/(collect|aws|results|report|publish|commands|cli)/' },
    },
    {
      name: 'report-formats-fetch-and-write-nothing',
      severity: 'error',
      comment:
        'A report format turns results into text: it reaches neither the collector nor AWS (the ASFF format may name the ' +
        'Security Hub finding types, type-only). Importing findings into Security Hub is src/publish/.',
      from: { path: '^src/report/' },
      to: { path: ['^src/(collect|aws|remediations|publish|commands|cli)/', AWS_SDK], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'results-step-is-offline',
      severity: 'error',
      comment: 'Suppressions, baselines and the exit-code rule work on results: no AWS, no collector, no report format, no fix.',
      from: { path: '^src/results/' },
      to: { path: ['^src/(collect|aws|remediations|report|publish|commands|cli)/', AWS_SDK] },
    },
    {
      name: 'workbench-is-offline',
      severity: 'error',
      comment:
        "The pattern workbench (test-pattern) runs a pattern with the scan's engines over corpus or file records: like the controls it " +
        "reaches neither AWS nor the collector, the writers or the formats. Asking AWS (--with-aws) is the command's, through the collector.",
      from: { path: '^src/workbench/' },
      to: { path: ['^src/(collect|aws|remediations|results|report|publish|commands|cli)/', AWS_SDK] },
    },
    {
      name: 'only-the-access-layer-builds-clients',
      severity: 'error',
      comment: 'SDK clients, credentials, HTTP transport and retries are built in src/aws/ only, the one place that configures them.',
      from: { pathNot: AWS_ACCESS },
      to: { path: AWS_TRANSPORT_PACKAGES, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-readers-and-writers-use-aws-access',
      severity: 'error',
      comment:
        'Only the collector (reads), remediations/apply.ts (fix writes), src/publish/ (the Security Hub import) and the ' +
        'commands and CLI that wire them up reach AWS. Planning a repair builds API calls as data and sends none.',
      from: { path: '^src/', pathNot: [AWS_ACCESS, '^src/collect/', '^src/remediations/apply\\.ts$', '^src/publish/', '^src/commands/', '^src/cli/'] },
      to: { path: AWS_ACCESS, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'aws-sdk-only-where-aws-is-reached',
      severity: 'error',
      comment:
        'The AWS SDK is imported at run time only by the access layer, the collector, the remediations (which describe their ' +
        'calls with the SDK command classes) and src/publish/. Everything else (controls, config, results, report formats, ' +
        'patterns, snapshot, IAM policy) works offline.',
      from: { path: '^src/', pathNot: [AWS_ACCESS, '^src/collect/', '^src/remediations/', '^src/publish/'] },
      to: { path: AWS_SDK, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'aws-access-knows-no-feature',
      severity: 'error',
      comment: 'The access layer serves every reader and writer and so imports none of them.',
      from: { path: AWS_ACCESS },
      to: { path: '^src/', pathNot: [AWS_ACCESS, '^src/snapshot/types\\.ts$'] },
    },
    {
      name: 'collector-reads-only',
      severity: 'error',
      comment: 'The collector builds a snapshot; it does not evaluate, repair or report.',
      from: { path: '^src/collect/' },
      to: { path: '^src/(checks|remediations|results|report|publish|commands|cli)/' },
    },
    {
      name: 'library-knows-no-command',
      severity: 'error',
      comment: 'Commands are thin oclif wrappers over the library; nothing in the library imports a command or the CLI helpers.',
      from: { path: '^src/', pathNot: ['^src/commands/', '^src/cli/'] },
      to: { path: ['^src/(commands|cli)/', '(^|/)node_modules/@oclif/'] },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment:
        'A module nothing imports is dead code (the commands are found by oclif, src/index.ts is the package entry, bin/run.js loads cli/flush-on-exit.ts).',
      from: { orphan: true, path: '^src/', pathNot: ['^src/commands/', '^src/index\\.ts$', '^src/cli/flush-on-exit\\.ts$', '\\.d\\.ts$'] },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'What ships imports only dependencies, not devDependencies.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
