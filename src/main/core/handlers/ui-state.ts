import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { getUiState, setUiState } from '../library/ui-state';

export function uiStateHandlers({ db, now }: CoreContext): Pick<Handlers, 'getUiState' | 'setUiState'> {
  return {
    getUiState: (i) => ({ value: getUiState(db, i.key) }),
    setUiState: (i) => (setUiState(db, i.key, i.value, now().toISOString()), { ok: true as const }),
  };
}
