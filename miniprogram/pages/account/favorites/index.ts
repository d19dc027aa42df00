import * as user from '../../../services/user';
import { pagedListData, pagedListMethods } from '../../../utils/paged-list';
import type { ArticleCard } from '../../../services/types';

/** Favorites come back as cards, or as `{ article }` rows with a timestamp — accept both. */
const cardOf = (row: ArticleCard | { article: ArticleCard }): ArticleCard => ('article' in row ? row.article : row);

Component({
  data: pagedListData<ArticleCard>(),
  methods: pagedListMethods((cursor) => user.favorites(cursor), cardOf, '还没有收藏的文章'),
});
