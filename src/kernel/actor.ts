/** Who performs a command: the signed-in caller and the request it came with (journalled with every change). */
import type { Caller } from '../access/scope.ts';

export interface Actor {
  caller: Caller;
  requestId?: string | null;
}

export function actorOf(request: { caller: Caller | null; id: string }): Actor {
  if (!request.caller) throw new Error('route declared public but acts as the caller');
  return { caller: request.caller, requestId: request.id };
}
