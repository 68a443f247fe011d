#!/usr/bin/env node
// The SDK's warning about its own future Node support is not actionable for a trailwarden user.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// oclif wraps messages at the terminal width, or at 80 columns without one; in CI logs that splits
// file paths and ARNs in the middle, so only wrap for a person at a terminal. oclif reads the
// variable when it is loaded, hence the import after it.
if (!process.stderr.isTTY) process.env.OCLIF_COLUMNS ??= '1000';
const { exitAfterOutput } = await import('../dist/cli/flush-on-exit.js');
exitAfterOutput();
const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url });
