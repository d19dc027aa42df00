import type { Knex } from 'knex';
import {
  columnExistsFor,
  decideAccess,
  decideReading,
  ownsColumn,
  type AccessDecision,
  type ArticleFacts,
  type ColumnStatus,
  type EntitlementFacts,
  type PlacedArticleFacts,
  type ReadingDecision,
} from './access.policy';
import { findEntitlementsFor } from '../entitlements/entitlement.repo';

/**
 * Access decisions for one viewer over many articles (a column page, a list), with a single
 * entitlement query. Anonymous viewers get the policy's answer for "no entitlements".
 */
export class ViewerAccess {
  private constructor(
    private readonly entitlements: readonly EntitlementFacts[],
    private readonly now: Date,
  ) {}

  static async load(
    db: Knex,
    viewerId: number | null,
    now: Date,
    targets: { articleIds?: readonly number[]; columnIds?: readonly number[] },
  ): Promise<ViewerAccess> {
    const entitlements = viewerId === null ? [] : await findEntitlementsFor(db, viewerId, targets);
    return new ViewerAccess(entitlements, now);
  }

  decide(article: ArticleFacts): AccessDecision {
    return decideAccess(article, this.entitlements, this.now);
  }

  ownsColumn(column: { id: number; memberIncluded: boolean }): boolean {
    return ownsColumn(column, this.entitlements, this.now);
  }

  /** The reading rule (exists + access) for one article. */
  read(article: PlacedArticleFacts): ReadingDecision {
    return decideReading(article, this.entitlements, this.now);
  }

  columnExists(column: { id: number; memberIncluded: boolean; status: ColumnStatus }): boolean {
    return columnExistsFor(column, this.entitlements, this.now);
  }
}
