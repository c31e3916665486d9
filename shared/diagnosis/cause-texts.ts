/**
 * What the agent reads for each cause: a title and an explanation, in the agent's language.
 * What the agent says to the caller is composed apart (script.ts), from the cause and where
 * the call stands.
 */
import type { CauseCode } from './causes.ts';

export type ScriptLanguage = 'en' | 'ja';

export interface CauseText {
  title: string;
  explanation: string;
}

type CauseTexts = Record<CauseCode, Record<ScriptLanguage, CauseText>>;

const TEXTS: CauseTexts = {
  'suspected-fraud': {
    en: {
      title: 'Suspected fraud: transfer to the fraud team',
      explanation:
        'The access control server rejected a checkout as suspected fraud, or holds the card for fraud. Do not change anything on the card: transfer the call to the fraud team.',
    },
    ja: {
      title: '不正利用の疑い：不正対策チームへ転送',
      explanation:
        'アクセス制御サーバー(ACS)が不正利用の疑いで決済を拒否したか、不正のためカードを保留しています。カードには何も変更せず、不正対策チームへ転送してください。',
    },
  },
  'locked-wrong-codes': {
    en: {
      title: 'Locked after wrong codes',
      explanation:
        'The code was entered wrongly too many times and the access control server locked online verification. Once the caller is verified, a reset lets them try again at once; otherwise the lock ends on its own.',
    },
    ja: {
      title: '認証コードの誤入力によるロック',
      explanation:
        '認証コードの入力誤りが規定回数に達し、ACSがオンラインの本人認証をロックしています。ご本人様確認の後であれば、ロックを解除してすぐに再度お試しいただけます。解除しない場合も、ロックは時間の経過で解けます。',
    },
  },
  'code-expired': {
    en: {
      title: 'Code expired',
      explanation:
        'A code is valid for 10 minutes and this one was not entered in time. Nothing is locked: the caller only needs to start again.',
    },
    ja: {
      title: '認証コードの有効期限切れ',
      explanation:
        '認証コードの有効期限は10分間で、期限内に入力されませんでした。ロックはかかっていないため、最初からやり直していただくだけで済みます。',
    },
  },
  'old-destination': {
    en: {
      title: 'Code sent to an old number or address',
      explanation:
        'The code went to a mobile number or email address that is not the one registered now. Check the contact details with the caller; a recent change may not have reached the access control server yet.',
    },
    ja: {
      title: '以前の連絡先にコードが送信された',
      explanation:
        '認証コードが、現在登録されていない携帯電話番号またはメールアドレスに送信されました。お客様と連絡先を確認してください。最近の変更がまだACSに反映されていない可能性があります。',
    },
  },
  'delivery-failing': {
    en: {
      title: 'Code not delivered',
      explanation:
        'Delivery to the registered contact failed or bounced. The address may be wrong or the mailbox full; the caller should check and update it.',
    },
    ja: {
      title: '認証コードが届いていない',
      explanation:
        'ご登録の連絡先への送信が失敗したか、戻ってきています。アドレスの誤りや受信容量の不足が考えられます。お客様にご確認と更新をお願いしてください。',
    },
  },
  'no-contact': {
    en: {
      title: 'No mobile number or email address registered',
      explanation:
        'A code needs a registered mobile number or email address, and the card has neither. The caller can register one in the app or website, or during the next checkout.',
    },
    ja: {
      title: '携帯電話番号・メールアドレスが未登録',
      explanation:
        '認証コードの送信には携帯電話番号またはメールアドレスの登録が必要ですが、どちらも登録されていません。アプリやウェブサイト、または次回の決済の途中で登録できます。',
    },
  },
  'mobile-change-pending': {
    en: {
      title: 'Mobile number change still pending',
      explanation:
        'A new mobile number was requested and takes several days to take effect; until then codes cannot reach it. If it is urgent, the caller can update the email address first.',
    },
    ja: {
      title: '携帯電話番号の変更手続き中',
      explanation:
        '新しい携帯電話番号への変更を受け付けていますが、反映まで数日かかります。それまでは新しい番号にコードは届きません。お急ぎの場合は、先にメールアドレスを更新していただけます。',
    },
  },
  'not-3ds': {
    en: {
      title: 'No 3-D Secure problem found',
      explanation:
        'The card is not locked, its contact details are in order and no recent identity check failed. The decline probably comes from the payment itself: refer the caller to card services.',
    },
    ja: {
      title: '本人認証(3-Dセキュア)の問題は見つかりません',
      explanation:
        'カードはロックされておらず、連絡先にも問題はなく、最近の本人認証の失敗もありません。お支払いそのものに原因がある可能性が高いため、カードサービスの担当へご案内してください。',
    },
  },
};

export const CAUSE_TEXTS: CauseTexts = TEXTS;
