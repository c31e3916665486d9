/**
 * Placeholder until the audit commands (verify, export) land: registers nothing, so
 * desk-admin builds and runs without them.
 */
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.ts';

export function registerAuditCommands(_program: Command, _io: CliIo): void {}
