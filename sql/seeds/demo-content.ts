import { DEMO_AUDIO, DEMO_VIDEO } from './demo-media';

/**
 * The demo catalog `npm start` shows on a fresh machine. It covers every case the product
 * handles: free articles, paid-in-column, sold alone, a preview marker and a ratio preview,
 * audio, video, a scheduled release, a draft article, a member-included column, one that is
 * not, and a draft column nobody may see.
 */
export interface DemoArticle {
  title: string;
  summary: string;
  body: string;
  isFree?: boolean;
  priceFen?: number;
  audio?: { fileId: string; durationSec: number };
  video?: { fileId: string; durationSec: number };
  /** Days from seeding time; positive = scheduled release in the future. */
  releaseInDays?: number;
  draft?: boolean;
}

export interface DemoColumn {
  title: string;
  subtitle: string;
  intro: string;
  cover: string;
  priceFen: number;
  memberIncluded: boolean;
  status: 'published' | 'draft';
  chapters: Array<{ title: string; articles: DemoArticle[] }>;
}

const p = (...paragraphs: string[]) => paragraphs.join('\n\n');

export const DEMO_PLANS = [
  { name: '月度会员', durationDays: 30, priceFen: 2500 },
  { name: '年度会员', durationDays: 365, priceFen: 19800 },
];

export const DEMO_COLUMNS: DemoColumn[] = [
  {
    title: '高效学习的科学',
    subtitle: '用认知科学的方法，把学过的东西真正记住',
    intro: p(
      '这门专栏把认知心理学里被反复验证的学习方法，整理成 12 个可以马上用起来的习惯。',
      '适合：想提高学习效率的学生、职场人和终身学习者。会员可免费学习全部内容。',
    ),
    cover: '/static/covers/learning.svg',
    priceFen: 9900,
    memberIncluded: true,
    status: 'published',
    chapters: [
      {
        title: '第一章 为什么你学了就忘',
        articles: [
          {
            title: '开篇词：学习是一门可以练习的手艺',
            summary: '专栏导读，免费试读',
            isFree: true,
            body: p(
              '## 你好，欢迎来到这门专栏',
              '很多人把“学不会”归结为天赋，但研究告诉我们，**方法**比天赋重要得多。',
              '在接下来的文章里，我们会聊到遗忘曲线、间隔重复、提取练习和刻意练习。',
              '> 学习不是把知识装进脑子，而是让知识在需要时能被取出来。',
            ),
          },
          {
            title: '遗忘曲线：记忆衰减的规律',
            summary: '艾宾浩斯的实验告诉了我们什么',
            body: p(
              '## 一百多年前的一个实验',
              '1885 年，艾宾浩斯用无意义音节测试自己的记忆，画出了著名的遗忘曲线。',
              '他发现：学习后的第一个小时内，遗忘速度最快。',
              '<!-- more -->',
              '## 曲线背后的机制',
              '付费正文：记忆的巩固依赖睡眠与重复提取。每一次成功回忆，都会让下一次遗忘来得更慢。',
              '## 今天就能用的做法',
              '付费正文：学完一节内容后，在 1 天、3 天、7 天后各做一次不看书的回忆。',
            ),
            audio: DEMO_AUDIO,
          },
          {
            title: '间隔重复：用最少的次数记最久',
            summary: '单独购买也可以',
            priceFen: 990,
            body: p(
              '## 间隔重复是什么',
              '间隔重复把复习安排在“快要忘记”的时刻，让每一次复习的收益最大。',
              '我们推荐的复习间隔是 1、2、4、7、15 天，并在错误时缩短间隔。',
              '工具上，可以用卡片软件，也可以用一个简单的纸质日程表。',
              '最后，记得把“能回忆出来”而不是“看着眼熟”作为复习完成的标准。',
            ),
          },
        ],
      },
      {
        title: '第二章 把练习变成习惯',
        articles: [
          {
            title: '提取练习：考试是最好的复习',
            summary: '视频课：为什么自测比重读有效',
            body: p(
              '## 重读的错觉',
              '重读让人感觉熟悉，但熟悉不等于记住。',
              '<!-- more -->',
              '付费正文：提取练习要求你在不看材料的情况下写下或说出要点，这个过程本身就在加固记忆。',
              '## 一个自测模板',
              '```text\n今天学了什么 → 合上书写下三个要点 → 对照原文逐条打分（0–3 分）→ 把答错的放进明天的复习清单 → 一周后再测一次\n```',
            ),
            video: DEMO_VIDEO,
          },
          {
            title: '刻意练习：走出舒适区的正确方式',
            summary: '下周上线',
            releaseInDays: 7,
            body: p('## 即将上线', '刻意练习不是多练，而是有方法地练。', '刻意练习的四个要素：明确目标、专注、反馈、走出舒适区。'),
          },
        ],
      },
    ],
  },
  {
    title: '产品经理的 30 堂课',
    subtitle: '从需求分析到上线复盘，一线大厂的产品方法',
    intro: p('系统讲解产品经理的核心工作：需求、设计、协作与数据。', '本专栏不包含在会员中，需单独购买。'),
    cover: '/static/covers/product.svg',
    priceFen: 19900,
    memberIncluded: false,
    status: 'published',
    chapters: [
      {
        title: '第一章 需求从哪里来',
        articles: [
          {
            title: '产品经理每天在做什么',
            summary: '免费试读',
            isFree: true,
            body: p('## 一天的工作', '早上看数据，上午开评审会，下午和设计、开发对齐细节，晚上写文档。'),
          },
          {
            title: '用户访谈的五个问题',
            summary: '学会问对问题',
            priceFen: 1990,
            body: p(
              '## 为什么要访谈',
              '数据告诉你发生了什么，访谈告诉你为什么。',
              '第一个问题：“你上一次遇到这个问题是什么时候？”',
              '第二个问题：“当时你是怎么解决的？”',
              '第三个问题：“这个办法哪里让你不满意？”',
            ),
          },
          {
            title: '需求优先级：从 KANO 到 RICE',
            summary: '排优先级的常用模型',
            body: p(
              '## 需求永远做不完',
              '资源有限，所以优先级是产品经理最重要的决策之一。',
              '<!-- more -->',
              '付费正文：RICE = 覆盖人数 × 影响程度 × 信心 ÷ 工作量。',
            ),
          },
        ],
      },
      {
        title: '第二章 从设计到上线',
        articles: [
          {
            title: '写一份开发愿意读的 PRD',
            summary: '结构、颗粒度与验收标准',
            body: p(
              '## PRD 的读者是谁',
              '一份 PRD 有三类读者：开发、测试和设计，他们各自关心不同的东西。',
              '开发关心边界条件，测试关心验收标准，设计关心用户路径。',
            ),
          },
          {
            title: '上线复盘（草稿）',
            summary: '尚未发布',
            draft: true,
            body: p('## 草稿', '付费正文：这篇还没写完。'),
          },
        ],
      },
    ],
  },
  {
    title: '手机摄影入门',
    subtitle: '不买新设备，也能拍出好照片',
    intro: p('构图、光线、色彩和后期，四周学会手机摄影。', '会员可免费学习。'),
    cover: '/static/covers/photo.svg',
    priceFen: 4900,
    memberIncluded: true,
    status: 'published',
    chapters: [
      {
        title: '第一章 构图',
        articles: [
          {
            title: '三分法：最简单的构图',
            summary: '免费试读',
            isFree: true,
            body: p('## 打开网格线', '在相机设置里打开网格线，把主体放在交叉点上。'),
          },
          {
            title: '引导线与框架',
            summary: '让视线跟着你走',
            body: p(
              '## 引导线',
              '道路、河流、栏杆都可以成为引导线。',
              '框架构图用门窗、树枝把主体框起来，画面会更有层次。',
              '练习：这周拍三张带引导线的照片。',
            ),
          },
        ],
      },
      {
        title: '第二章 光线',
        articles: [
          {
            title: '黄金时刻与逆光',
            summary: '一天中最好看的光',
            body: p('## 黄金时刻', '日出后和日落前的一小时，光线柔和而温暖。', '<!-- more -->', '付费正文：逆光拍人像时，对着脸部测光。'),
          },
          {
            title: '夜景怎么拍不糊',
            summary: '稳定、曝光与降噪',
            body: p('## 先稳住手机', '夜景拍糊，十有八九是手在抖，而不是手机不行。', '靠在栏杆上，或者用两秒延时快门。'),
          },
        ],
      },
    ],
  },
  {
    title: '写作训练营（筹备中）',
    subtitle: '草稿专栏，学员不可见',
    intro: '这个专栏还在准备中。',
    cover: '/static/covers/writing.svg',
    priceFen: 29900,
    memberIncluded: false,
    status: 'draft',
    chapters: [{ title: '第一章', articles: [{ title: '草稿专栏里的文章', summary: '不可见', body: '付费正文：草稿。' }] }],
  },
];
