import type { SuiteConfig } from '../../suiteConfig';
import { LATER_ZONE_ENV, zonesFor } from './zones';

const zones = zonesFor(Date.now());

/** A window in a time zone of the suite's own, so its host test can step to a later local day. */
export const config: SuiteConfig = { env: { TZ: zones.first, [LATER_ZONE_ENV]: zones.later } };
