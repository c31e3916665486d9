/** Names for demo cardholders: common Japanese surnames and given names with their readings, and English ones. */

export interface JapaneseName {
  kanji: string;
  kana: string;
  latin: string;
}

export const JAPANESE_SURNAMES: readonly JapaneseName[] = [
  { kanji: '佐藤', kana: 'サトウ', latin: 'Sato' },
  { kanji: '鈴木', kana: 'スズキ', latin: 'Suzuki' },
  { kanji: '高橋', kana: 'タカハシ', latin: 'Takahashi' },
  { kanji: '田中', kana: 'タナカ', latin: 'Tanaka' },
  { kanji: '伊藤', kana: 'イトウ', latin: 'Ito' },
  { kanji: '渡辺', kana: 'ワタナベ', latin: 'Watanabe' },
  { kanji: '山本', kana: 'ヤマモト', latin: 'Yamamoto' },
  { kanji: '中村', kana: 'ナカムラ', latin: 'Nakamura' },
  { kanji: '小林', kana: 'コバヤシ', latin: 'Kobayashi' },
  { kanji: '加藤', kana: 'カトウ', latin: 'Kato' },
  { kanji: '吉田', kana: 'ヨシダ', latin: 'Yoshida' },
  { kanji: '山田', kana: 'ヤマダ', latin: 'Yamada' },
  { kanji: '佐々木', kana: 'ササキ', latin: 'Sasaki' },
  { kanji: '山口', kana: 'ヤマグチ', latin: 'Yamaguchi' },
  { kanji: '松本', kana: 'マツモト', latin: 'Matsumoto' },
  { kanji: '井上', kana: 'イノウエ', latin: 'Inoue' },
  { kanji: '木村', kana: 'キムラ', latin: 'Kimura' },
  { kanji: '林', kana: 'ハヤシ', latin: 'Hayashi' },
  { kanji: '斎藤', kana: 'サイトウ', latin: 'Saito' },
  { kanji: '清水', kana: 'シミズ', latin: 'Shimizu' },
  { kanji: '山崎', kana: 'ヤマザキ', latin: 'Yamazaki' },
  { kanji: '森', kana: 'モリ', latin: 'Mori' },
  { kanji: '池田', kana: 'イケダ', latin: 'Ikeda' },
  { kanji: '橋本', kana: 'ハシモト', latin: 'Hashimoto' },
  { kanji: '阿部', kana: 'アベ', latin: 'Abe' },
  { kanji: '石川', kana: 'イシカワ', latin: 'Ishikawa' },
  { kanji: '前田', kana: 'マエダ', latin: 'Maeda' },
  { kanji: '藤田', kana: 'フジタ', latin: 'Fujita' },
  { kanji: '小川', kana: 'オガワ', latin: 'Ogawa' },
  { kanji: '岡田', kana: 'オカダ', latin: 'Okada' },
  { kanji: '後藤', kana: 'ゴトウ', latin: 'Goto' },
  { kanji: '長谷川', kana: 'ハセガワ', latin: 'Hasegawa' },
  { kanji: '村上', kana: 'ムラカミ', latin: 'Murakami' },
  { kanji: '近藤', kana: 'コンドウ', latin: 'Kondo' },
  { kanji: '大野', kana: 'オオノ', latin: 'Ono' },
  { kanji: '河野', kana: 'コウノ', latin: 'Kono' },
  { kanji: '結城', kana: 'ユウキ', latin: 'Yuki' },
  { kanji: '大橋', kana: 'オオハシ', latin: 'Ohashi' },
];

export const JAPANESE_GIVEN_NAMES: readonly JapaneseName[] = [
  { kanji: '花子', kana: 'ハナコ', latin: 'Hanako' },
  { kanji: '一郎', kana: 'イチロウ', latin: 'Ichiro' },
  { kanji: '美咲', kana: 'ミサキ', latin: 'Misaki' },
  { kanji: '健太', kana: 'ケンタ', latin: 'Kenta' },
  { kanji: '由美', kana: 'ユミ', latin: 'Yumi' },
  { kanji: '翔', kana: 'ショウ', latin: 'Sho' },
  { kanji: '大輔', kana: 'ダイスケ', latin: 'Daisuke' },
  { kanji: 'さくら', kana: 'サクラ', latin: 'Sakura' },
  { kanji: '直樹', kana: 'ナオキ', latin: 'Naoki' },
  { kanji: '健一', kana: 'ケンイチ', latin: 'Kenichi' },
  { kanji: '陽子', kana: 'ヨウコ', latin: 'Yoko' },
  { kanji: '拓也', kana: 'タクヤ', latin: 'Takuya' },
  { kanji: '恵', kana: 'メグミ', latin: 'Megumi' },
  { kanji: '誠', kana: 'マコト', latin: 'Makoto' },
  { kanji: '愛', kana: 'アイ', latin: 'Ai' },
  { kanji: '浩二', kana: 'コウジ', latin: 'Koji' },
  { kanji: '真由美', kana: 'マユミ', latin: 'Mayumi' },
  { kanji: '蓮', kana: 'レン', latin: 'Ren' },
  { kanji: '結衣', kana: 'ユイ', latin: 'Yui' },
  { kanji: '悠斗', kana: 'ユウト', latin: 'Yuto' },
];

export const ENGLISH_SURNAMES: readonly string[] = [
  'Clarke', 'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson',
  'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Harris',
];

export const ENGLISH_GIVEN_NAMES: readonly string[] = [
  'Emily', 'James', 'Olivia', 'Thomas', 'Sophie', 'Daniel', 'Grace', 'Oliver', 'Chloe', 'Jack',
  'Hannah', 'Samuel', 'Lucy', 'Benjamin', 'Charlotte', 'Henry', 'Amelia', 'George', 'Isla', 'Michael',
];
