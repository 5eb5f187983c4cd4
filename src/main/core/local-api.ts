import type { Api } from '../../shared/contract';
import { makeApi } from '../../shared/client';
import { dispatch } from './dispatch';
import type { Core } from './service';
import type { Logger } from './logger';

/** The typed API over a core in this process (the CLI's transport, and tests'). */
export function localApi(core: Core, logger?: Logger): Api {
  return makeApi((method, input) => dispatch(core.handlers, method, input, logger));
}
