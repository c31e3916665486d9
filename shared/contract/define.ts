/** Building blocks of the contract: a channel is its input, its strict output and who may call it. */
import type { z } from 'zod';
import type { Role } from './roles.ts';

/** 'public' channels answer signed out (sign-in, app info); all others name their roles. */
export type Access = 'public' | readonly Role[];

export interface ChannelSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
  /** What the channel does, for people reading the contract. */
  summary: string;
}

export interface EventSpec<P extends z.ZodType = z.ZodType> {
  payload: P;
  summary: string;
}

export const defineChannel = <I extends z.ZodType, O extends z.ZodType>(
  spec: ChannelSpec<I, O>,
): ChannelSpec<I, O> => spec;

export const defineEvent = <P extends z.ZodType>(spec: EventSpec<P>): EventSpec<P> => spec;
