import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { arxivHandlers } from './arxiv';
import { digestHandlers } from './digests';
import { exportHandlers } from './export';
import { healthHandlers } from './health';
import { importHandlers } from './import';
import { libraryHandlers } from './library';
import { noteHandlers } from './notes';
import { readerHandlers } from './reader';
import { selectionHandlers } from './selection';
import { interestHandlers, subscriptionHandlers } from './subscriptions';
import type { InterestService } from '../interest/service';
import type { SubscriptionService } from '../subscriptions/service';
import { statsHandlers } from './stats';
import { tagHandlers } from './tags';
import { triageHandlers } from './triage';
import { uiStateHandlers } from './ui-state';
import { viewHandlers } from './views';

/** Every method of the contract, one handler group per domain (as shared/methods is split). */
export function allHandlers(ctx: CoreContext, services: { subscriptions: SubscriptionService; interest: InterestService }): Handlers {
  return {
    ...libraryHandlers(ctx),
    ...selectionHandlers(ctx),
    ...tagHandlers(ctx),
    ...noteHandlers(ctx),
    ...viewHandlers(ctx),
    ...statsHandlers(ctx),
    ...triageHandlers(ctx),
    ...uiStateHandlers(ctx),
    ...importHandlers(ctx),
    ...digestHandlers(ctx),
    ...arxivHandlers(ctx),
    ...readerHandlers(ctx),
    ...exportHandlers(ctx),
    ...healthHandlers(ctx),
    ...subscriptionHandlers(ctx, services.subscriptions),
    ...interestHandlers(ctx, services.interest),
  };
}
