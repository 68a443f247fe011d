#!/usr/bin/env node
import { execute } from '@oclif/core';

// The SDK's warning about its own future Node support is not actionable for a trailwarden user.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
await execute({ dir: import.meta.url });
