/**
 * What the agent reads for each cause (title and explanation, in the agent's language) and
 * what the agent says (in the caller's language). Every script ends with the sentence that
 * codes are never given by phone: callers ask for the code, and the answer is always no.
 * The fraud script never mentions a reset: the agent transfers the call instead.
 */
import { CAUSES, type CauseCode } from './causes.ts';

export type ScriptLanguage = 'en' | 'ja';

export interface CauseScript {
  title: string;
  explanation: string;
  /** Lines to say to the caller, in order. */
  say: readonly string[];
}

export const CODES_NEVER_BY_PHONE: Record<ScriptLanguage, string> = {
  en: 'For your security, we never give verification codes by phone, and we will never ask you to read one out.',
  ja: 'セキュリティのため、認証コードをお電話でお伝えすることはございません。また、お客様にコードを読み上げていただくこともございません。',
};

type Scripts = Record<CauseCode, Record<ScriptLanguage, CauseScript>>;

const WITHOUT_CLOSING: Scripts = {
  'suspected-fraud': {
    en: {
      title: 'Suspected fraud: transfer to the fraud team',
      explanation:
        'The access control server rejected a checkout as suspected fraud, or holds the card for fraud. Do not change anything on the card: transfer the call to the fraud team.',
      say: [
        'Thank you for your patience. To protect your card, I am going to transfer you to our specialist team, who will help you from here.',
        'Please stay on the line.',
      ],
    },
    ja: {
      title: '不正利用の疑い：不正対策チームへ転送',
      explanation:
        'アクセス制御サーバー(ACS)が不正利用の疑いで決済を拒否したか、不正のためカードを保留しています。カードには何も変更せず、不正対策チームへ転送してください。',
      say: [
        'お待たせいたしました。お客様のカードをお守りするため、専門の担当部署におつなぎいたします。',
        'このままお待ちください。',
      ],
    },
  },
  'locked-wrong-codes': {
    en: {
      title: 'Locked after wrong codes',
      explanation:
        'The code was entered wrongly too many times and the access control server paused online verification. Once the caller is verified, a reset lets them try again at once; otherwise the lock ends on its own.',
      say: [
        'The verification code was entered incorrectly several times, so online verification was paused to protect your card.',
        'Now that we have confirmed your identity, we can lift the pause. Then please go back to the shop’s website and start the checkout again: a new code will be sent to you.',
      ],
    },
    ja: {
      title: '認証コードの誤入力によるロック',
      explanation:
        '認証コードの入力誤りが規定回数に達し、ACSがオンラインの本人認証を一時停止しています。ご本人様確認の後であれば、リセットによりすぐに再度お試しいただけます。リセットしない場合も、ロックは時間の経過で解けます。',
      say: [
        '認証コードが複数回誤って入力されたため、お客様のカードをお守りするためにオンラインでの本人認証を一時停止しております。',
        'ご本人様の確認ができましたので、停止を解除いたします。その後、ショップのサイトに戻り、最初からお手続きをやり直してください。新しいコードが送信されます。',
      ],
    },
  },
  'code-expired': {
    en: {
      title: 'Code expired',
      explanation:
        'A code is valid for 10 minutes and this one was not entered in time. Nothing is locked: the caller only needs to start again.',
      say: [
        'The code we send is valid for 10 minutes, and this one expired before it was entered.',
        'Please go back to the shop’s website and start the checkout again. A new code will be sent to you.',
      ],
    },
    ja: {
      title: '認証コードの有効期限切れ',
      explanation:
        '認証コードの有効期限は10分間で、期限内に入力されませんでした。ロックはかかっていないため、最初からやり直していただくだけで済みます。',
      say: [
        'お送りした認証コードの有効期限は10分間で、入力される前に期限が切れておりました。',
        'お手数ですが、ショップのサイトに戻り、最初からお手続きをやり直してください。新しいコードが送信されます。',
      ],
    },
  },
  'old-destination': {
    en: {
      title: 'Code sent to an old number or address',
      explanation:
        'The code went to a mobile number or email address that is not the one registered now. Check the contact details with the caller; a recent change may not have reached the access control server yet.',
      say: [
        'The code was sent to a phone number or email address that is no longer the one registered for your card.',
        'Please check the details registered in our app or on our website. A recent change can take a few days to apply; if it is urgent, update your email address first.',
      ],
    },
    ja: {
      title: '以前の連絡先にコードが送信された',
      explanation:
        '認証コードが、現在登録されていない携帯電話番号またはメールアドレスに送信されました。お客様と連絡先を確認してください。最近の変更がまだACSに反映されていない可能性があります。',
      say: [
        '認証コードが、現在ご登録のものとは異なる電話番号またはメールアドレスに送信されておりました。',
        'アプリまたはウェブサイトでご登録内容をご確認ください。変更の反映には数日かかる場合がございます。お急ぎの場合は、先にメールアドレスを更新してください。',
      ],
    },
  },
  'delivery-failing': {
    en: {
      title: 'Code not delivered',
      explanation:
        'Delivery to the registered contact failed or bounced. The address may be wrong or the mailbox full; the caller should check and update it.',
      say: [
        'The code could not be delivered to the contact registered for your card.',
        'Please check the email address and mobile number registered in our app or on our website, update them if needed, and then start the checkout again.',
      ],
    },
    ja: {
      title: '認証コードが届いていない',
      explanation:
        'ご登録の連絡先への送信が失敗したか、戻ってきています。アドレスの誤りや受信容量の不足が考えられます。お客様にご確認と更新をお願いしてください。',
      say: [
        'ご登録の連絡先に認証コードをお届けすることができませんでした。',
        'アプリまたはウェブサイトでご登録のメールアドレスと携帯電話番号をご確認のうえ、必要に応じて更新し、最初からお手続きをやり直してください。',
      ],
    },
  },
  'no-contact': {
    en: {
      title: 'No mobile number or email address registered',
      explanation:
        'A code needs a registered mobile number or email address, and the card has neither. The caller can register one in the app or website, or during the next checkout.',
      say: [
        'To send you a verification code, we need a mobile number or email address for your card, and none is registered.',
        'You can register one in our app or on our website, or during your next checkout when you are asked for it.',
      ],
    },
    ja: {
      title: '携帯電話番号・メールアドレスが未登録',
      explanation:
        '認証コードの送信には携帯電話番号またはメールアドレスの登録が必要ですが、どちらも登録されていません。アプリやウェブサイト、または次回の決済の途中で登録できます。',
      say: [
        '認証コードをお送りするには携帯電話番号またはメールアドレスのご登録が必要ですが、現在どちらもご登録がございません。',
        'アプリまたはウェブサイトから、あるいは次回のお買い物の際に表示される画面からご登録いただけます。',
      ],
    },
  },
  'mobile-change-pending': {
    en: {
      title: 'Mobile number change still pending',
      explanation:
        'A new mobile number was requested and takes several days to take effect; until then codes cannot reach it. If it is urgent, the caller can update the email address first.',
      say: [
        'Your new mobile number is still being registered, which takes a few days. Until then, codes cannot be sent to it.',
        'If it is urgent, please update your email address first in our app or on our website, so that the code can be sent by email.',
      ],
    },
    ja: {
      title: '携帯電話番号の変更手続き中',
      explanation:
        '新しい携帯電話番号への変更を受け付けていますが、反映まで数日かかります。それまでは新しい番号にコードは届きません。お急ぎの場合は、先にメールアドレスを更新していただけます。',
      say: [
        '新しい携帯電話番号は現在登録手続き中で、反映まで数日かかります。それまでは新しい番号に認証コードをお送りできません。',
        'お急ぎの場合は、アプリまたはウェブサイトで先にメールアドレスを更新してください。メールで認証コードをお送りできるようになります。',
      ],
    },
  },
  'not-3ds': {
    en: {
      title: 'No 3-D Secure problem found',
      explanation:
        'The card is not locked, its contact details are in order and no recent identity check failed. The decline probably comes from the payment itself: refer the caller to card services.',
      say: [
        'I can see that identity verification for your card is working normally.',
        'The problem may be with the payment itself, so I will put you through to the team who can look into it.',
      ],
    },
    ja: {
      title: '本人認証(3-Dセキュア)の問題は見つかりません',
      explanation:
        'カードはロックされておらず、連絡先にも問題はなく、最近の本人認証の失敗もありません。お支払いそのものに原因がある可能性が高いため、カードサービスの担当へご案内してください。',
      say: [
        'お客様のカードの本人認証は正常にご利用いただける状態です。',
        'お支払いそのものに原因がある可能性がございますので、担当部署におつなぎいたします。',
      ],
    },
  },
};

function withClosing(scripts: Scripts): Scripts {
  const closed = (script: CauseScript, language: ScriptLanguage): CauseScript => ({
    ...script,
    say: [...script.say, CODES_NEVER_BY_PHONE[language]],
  });
  const entries = CAUSES.map((code) => [
    code,
    { en: closed(scripts[code].en, 'en'), ja: closed(scripts[code].ja, 'ja') },
  ]);
  return Object.fromEntries(entries) as Scripts;
}

export const SCRIPTS: Scripts = withClosing(WITHOUT_CLOSING);
