/**
 * The router's handler table, merged from the slices each feature serves. The type asks
 * that the slices cover every channel; at run time a channel served twice, or not at all,
 * stops the core from starting, so every channel has exactly one handler.
 */
import { contract, type ChannelName } from '../../../shared/contract/index.ts';
import type { Handlers } from './router.ts';

type SliceChannels<S> = S extends readonly (infer T)[]
  ? T extends object
    ? keyof T
    : never
  : never;

export function mergeHandlers<const S extends readonly Partial<Handlers>[]>(
  slices: S &
    ([Exclude<ChannelName, SliceChannels<S>>] extends [never]
      ? unknown
      : { missingChannels: Exclude<ChannelName, SliceChannels<S>> }),
): Handlers {
  const merged: Partial<Record<string, unknown>> = {};
  for (const slice of slices) {
    for (const [channel, handler] of Object.entries(slice)) {
      if (Object.hasOwn(merged, channel)) throw new Error(`Two features handle ${channel}.`);
      merged[channel] = handler;
    }
  }
  const missing = Object.keys(contract.channels).filter((name) => !Object.hasOwn(merged, name));
  if (missing.length > 0) throw new Error(`No feature handles ${missing.join(', ')}.`);
  const unknown = Object.keys(merged).filter((name) => !Object.hasOwn(contract.channels, name));
  if (unknown.length > 0)
    throw new Error(`Handlers for channels not in the contract: ${unknown.join(', ')}.`);
  return merged as Handlers;
}
