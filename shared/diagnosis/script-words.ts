/**
 * The words of the call script, in English and Japanese, as a card issuer's call centre says
 * them. Each line is marked: `general` is safe to say to anyone (how codes work, that codes
 * are never given by phone, to retry at the shop, the steps of verifying) and is the same for
 * every card; `account` says something about this card (its lock, where codes go, contact
 * changes, that it needs another team — or merely that this cause was chosen for it) and is
 * only ever said to a caller verified in this call. script.ts chooses the lines.
 *
 * Japanese: one term per concept (ロック, ロックを解除, 認証コード, ご本人様確認), full-width
 * punctuation, no spaces around numbers. English: "lock" and "unlock", never "pause" or "lift".
 */
import type { Language } from '../languages.ts';
import type { ResetEscalation } from '../lockout/lockout-codes.ts';

export type Reveal = 'general' | 'account';

import type { CodeRoute } from './causes.ts';
export type { CodeRoute };

export interface LineWords {
  reveal: Reveal;
  en: string;
  ja: string;
}

const general = (en: string, ja: string): LineWords => ({ reveal: 'general', en, ja });
const account = (en: string, ja: string): LineWords => ({ reveal: 'account', en, ja });

export const CODES_NEVER_BY_PHONE = general(
  'For your security, we never give verification codes by phone, and we will never ask you to read one out.',
  'セキュリティのため、認証コードをお電話でお伝えすることはございません。また、お客様に認証コードを読み上げていただくこともございません。',
);

/** What to say at each step of verifying the caller. */
export const VERIFY_WORDS = {
  ask: general(
    'Thank you for calling. Before I look into this, may I confirm your identity? Please tell me your date of birth and the postcode of your registered address.',
    'お電話ありがとうございます。お調べする前に、ご本人様確認をさせていただきます。生年月日と、ご登録住所の郵便番号をお教えいただけますでしょうか。',
  ),
  askAgain: general(
    'I’m sorry, I could not confirm your identity with those details. Could you tell me your date of birth and postcode once more?',
    '申し訳ございません。お伺いした内容ではご本人様確認ができませんでした。恐れ入りますが、生年月日と郵便番号をもう一度お教えいただけますでしょうか。',
  ),
  blocked: general(
    'I’m sorry, I’m unable to confirm your identity by phone at the moment, so I cannot look into this on this call.',
    '申し訳ございません。ただいまお電話ではご本人様確認ができないため、このお電話ではお調べすることができません。',
  ),
  blockedNext: general(
    'For your security, I have passed this on to my team lead. Please call us again later on the number on the back of your card.',
    'セキュリティのため、責任者に引き継ぎました。恐れ入りますが、時間をおいてカード裏面の電話番号までおかけ直しください。',
  ),
  done: general(
    'Thank you, I have confirmed your identity.',
    'ありがとうございます。ご本人様確認ができました。',
  ),
} as const;

/**
 * What anyone may hear before verification, whatever the card: how codes work and to retry
 * at the shop. It is the same for every card, so it says nothing about this one.
 */
export const ANYONE_WORDS = {
  howCodesWork: general(
    'A verification code is 6 digits and valid for 10 minutes. If a checkout fails, you can go back to the shop’s website and start again: a new code is sent each time.',
    '認証コードは6桁で、有効期限は10分間です。お手続きがうまくいかなかった場合は、ショップのサイトに戻り、最初からやり直していただけます。その都度、新しい認証コードが送信されます。',
  ),
} as const;

/** The brand's 3-D Secure programme, as the checkout page showed it to the caller. */
export const PROGRAMMES: Record<string, string> = {
  AMEX: 'American Express SafeKey',
  VISA: 'Visa Secure',
  MASTERCARD: 'Mastercard Identity Check',
  JCB: 'J/Secure',
  DINERS: 'ProtectBuy',
  DISCOVER: 'ProtectBuy',
  UNIONPAY: 'UnionPay 3-D Secure',
};

const ROUTE: Record<CodeRoute, Record<Language, string>> = {
  sms: { en: 'by text message (SMS) to your registered mobile', ja: 'ご登録の携帯電話にSMSで' },
  email: { en: 'by email to your registered address', ja: 'ご登録のメールアドレスにメールで' },
  app: { en: 'as a notification in our app', ja: 'アプリの通知で' },
};

const CONTACT_KIND: Record<CodeRoute, Record<Language, string>> = {
  sms: { en: 'mobile number', ja: '携帯電話番号' },
  email: { en: 'email address', ja: 'メールアドレス' },
  app: { en: 'app', ja: 'アプリ' },
};

/** A time of day in Japan (the issuer's cardholders' zone): "10:42" / "10時42分". */
export function callerTime(iso: string, language: Language): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Asia/Tokyo',
  }).formatToParts(new Date(iso));
  const hour = parts.find((p) => p.type === 'hour')?.value ?? '00';
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  return language === 'ja' ? `${Number(hour)}時${minute}分` : `${hour}:${minute}`;
}

/** The lock on this card: why, until when, and what happens next. */
export const LOCK_WORDS = {
  howCodesWork: account(
    'A verification code is 6 digits and valid for 10 minutes. After several wrong entries, online verification is locked for a while to protect the card.',
    '認証コードは6桁で、有効期限は10分間です。誤った入力が続くと、カードをお守りするため、オンラインでの本人認証が一時的にロックされます。',
  ),
  locked: (programme: string) =>
    account(
      `The ${programme} code for your card was entered incorrectly several times, so online verification is locked.`,
      `${programme}の認証コードが複数回誤って入力されたため、お客様のカードのオンラインでの本人認証がロックされております。`,
    ),
  endsAt: (until: string, minutes: number) =>
    account(
      `The lock ends on its own at ${callerTime(until, 'en')} Japan time, in about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
      `ロックは日本時間の${callerTime(until, 'ja')}、あと約${minutes}分で自動的に解除されます。`,
    ),
  untilUnlocked: account(
    'The lock stays until it is unlocked here.',
    'このロックは、こちらで解除するまで続きます。',
  ),
  canUnlock: account(
    'I can unlock it for you now; it takes a moment.',
    'こちらでロックを解除できますので、ただいまお手続きいたします。',
  ),
  needsLead: (reasons: readonly ResetEscalation[]) => {
    const second = reasons.includes('second-reset');
    const contact = reasons.includes('recent-contact-change');
    const en = [
      second ? 'it was already unlocked once in the last 24 hours' : null,
      contact ? 'the contact details for your card were changed recently' : null,
    ].filter((x) => x !== null);
    const ja =
      second && contact
        ? '24時間以内に一度ロックを解除しており、最近ご連絡先も変更されているため、'
        : second
          ? '24時間以内に一度ロックを解除しているため、'
          : contact
            ? '最近ご連絡先が変更されているため、'
            : '';
    return account(
      `To unlock it, I need my team lead’s approval${en.length > 0 ? `, because ${en.join(' and ')}` : ''}. It usually takes a few minutes.`,
      `${ja}ロックの解除には責任者の承認が必要です。通常、数分で完了いたします。`,
    );
  },
  hold: general(
    'May I put you on hold for a moment? I will be back with you as soon as I have an answer.',
    '少々お待ちいただけますでしょうか。確認が取れ次第、すぐにご案内いたします。',
  ),
  stillWaiting: general(
    'Thank you for waiting. I am still waiting for the answer; may I ask you to hold a little longer?',
    'お待たせしております。ただいま確認中でございます。もうしばらくお待ちいただけますでしょうか。',
  ),
  approved: account(
    'Thank you for waiting. The approval has come through, and your card has been unlocked.',
    'お待たせいたしました。承認が下りましたので、ロックを解除いたしました。',
  ),
  rejected: account(
    'I’m sorry, we are not able to unlock your card on this call.',
    '申し訳ございません。このお電話ではロックを解除することができません。',
  ),
  afterLockEnds: account(
    'Once the lock has ended, please go back to the shop’s website and start the checkout again.',
    'ロックが解除された後に、ショップのサイトから最初からお手続きをやり直してください。',
  ),
  sending: account(
    'I have asked for your card to be unlocked; it takes a moment. Please stay on the line.',
    'ただいまロックの解除をお手続きしております。このままお待ちいただけますでしょうか。',
  ),
  failed: account(
    'I’m sorry, because of a system delay the unlock has not gone through yet. It has been arranged and will go through by itself, which may take a few minutes.',
    '申し訳ございません。システムの都合により、ロックの解除がまだ反映されておりません。解除の手配は済んでおりますので、反映まで数分ほどお時間をいただく場合がございます。',
  ),
  refused: account(
    'I’m sorry, we were not able to unlock your card this time.',
    '申し訳ございません。今回はロックを解除することができませんでした。',
  ),
  applied: account(
    'Your card has been unlocked for online verification.',
    'お客様のカードのオンラインでの本人認証のロックを解除いたしました。',
  ),
  ended: account(
    'The lock on online verification for your card has ended.',
    'お客様のカードのオンラインでの本人認証のロックは解除されております。',
  ),
  tryAgain: general(
    'Please go back to the shop’s website and start the checkout again now. A new code will be sent: it is 6 digits and valid for 10 minutes.',
    'ショップのサイトに戻り、最初からお手続きをやり直してください。新しい認証コードが送信されます。認証コードは6桁で、有効期限は10分間です。',
  ),
  route: (route: CodeRoute) =>
    account(`It will be sent ${ROUTE[route].en}.`, `認証コードは${ROUTE[route].ja}お送りします。`),
};

/** The causes other than a lock: a general line anyone may hear, then this card's facts. */
export const CAUSE_WORDS = {
  'code-expired': {
    context: account(
      'A verification code is valid for 10 minutes. If it runs out, please go back to the shop’s website and start the checkout again: a new code will be sent.',
      '認証コードの有効期限は10分間です。期限が切れた場合は、ショップのサイトに戻り、最初からお手続きをやり直してください。新しい認証コードが送信されます。',
    ),
    account: () => [
      account(
        'The last code for your card expired before it was entered. Your card is not locked, so you can try again right away.',
        '前回お送りした認証コードは、入力される前に有効期限が切れておりました。ロックはかかっておりませんので、すぐにお試しいただけます。',
      ),
    ],
  },
  'old-destination': {
    context: account(
      'Codes are sent to the mobile number or email address registered for your card at that moment.',
      '認証コードは、その時点でご登録の携帯電話番号またはメールアドレスに送信されます。',
    ),
    account: (route: CodeRoute | null) =>
      route === 'sms'
        ? [
            account(
              'The last code was sent to a mobile number that is no longer the one registered for your card.',
              '前回の認証コードは、現在ご登録のものとは異なる携帯電話番号に送信されておりました。',
            ),
            account(
              'A mobile number change takes a few days to take effect. If it is urgent, please update your email address first in our app or on our website: an email change applies at once.',
              '携帯電話番号の変更は反映まで数日かかります。お急ぎの場合は、アプリまたはウェブサイトで先にメールアドレスを更新してください。メールアドレスの変更はすぐに反映されます。',
            ),
          ]
        : route === 'email'
          ? [
              account(
                'The last code was sent to an email address that is no longer the one registered for your card.',
                '前回の認証コードは、現在ご登録のものとは異なるメールアドレスに送信されておりました。',
              ),
              account(
                'Please check the email address registered in our app or on our website, and then start the checkout again: an email change applies at once.',
                'アプリまたはウェブサイトでご登録のメールアドレスをご確認のうえ、最初からお手続きをやり直してください。メールアドレスの変更はすぐに反映されます。',
              ),
            ]
          : [
              account(
                'The last code was sent to a contact that is no longer the one registered for your card.',
                '前回の認証コードは、現在ご登録のものとは異なる連絡先に送信されておりました。',
              ),
              account(
                'Please check the contact details registered in our app or on our website, and then start the checkout again.',
                'アプリまたはウェブサイトでご登録の連絡先をご確認のうえ、最初からお手続きをやり直してください。',
              ),
            ],
  },
  'delivery-failing': {
    context: account(
      'Please check that your phone can receive text messages and that your mailbox is not full.',
      '携帯電話でSMSを受信できるか、メールの受信容量がいっぱいになっていないかをご確認ください。',
    ),
    account: (route: CodeRoute | null) => [
      account(
        `The code could not be delivered to the ${route ? CONTACT_KIND[route].en : 'contact'} registered for your card.`,
        `ご登録の${route ? CONTACT_KIND[route].ja : '連絡先'}に認証コードをお届けできませんでした。`,
      ),
      account(
        'Please check it in our app or on our website, update it if needed, and then start the checkout again.',
        'アプリまたはウェブサイトでご確認のうえ、必要に応じて更新し、最初からお手続きをやり直してください。',
      ),
    ],
  },
  'no-contact': {
    context: account(
      'To receive a code, a mobile number or email address must be registered for the card. You can register one in our app, on our website, or during your next checkout when asked.',
      '認証コードを受け取るには、携帯電話番号またはメールアドレスのご登録が必要です。アプリ、ウェブサイト、または次回のお買い物の際に表示される画面からご登録いただけます。',
    ),
    account: () => [
      account(
        'At the moment, neither is registered for your card.',
        '現在、お客様のカードにはどちらもご登録がございません。',
      ),
    ],
  },
  'mobile-change-pending': {
    context: account(
      'A mobile number change takes a few days to take effect; an email address change applies at once.',
      '携帯電話番号の変更は反映まで数日かかります。メールアドレスの変更はすぐに反映されます。',
    ),
    account: () => [
      account(
        'Your new mobile number is still being registered, so codes cannot be sent to it yet.',
        '新しい携帯電話番号は現在登録手続き中のため、まだ認証コードをお送りできません。',
      ),
      account(
        'If it is urgent, please update your email address first in our app or on our website, so that the code can be sent by email.',
        'お急ぎの場合は、アプリまたはウェブサイトで先にメールアドレスを更新してください。メールで認証コードをお送りできるようになります。',
      ),
    ],
  },
  'suspected-fraud': {
    context: null,
    account: () => [
      account(
        'Thank you for your patience. So that we can help you properly, I am going to transfer you to a specialist team.',
        'お待たせいたしました。詳しくご案内するため、専門の担当部署におつなぎいたします。',
      ),
      account('Please stay on the line.', 'このままお待ちください。'),
    ],
  },
  'not-3ds': {
    context: null,
    account: () => [
      account(
        'I can see that identity verification for your card is working normally.',
        'お客様のカードの本人認証は正常にご利用いただける状態です。',
      ),
      account(
        'The problem may be with the payment itself, so I will put you through to the team who can look into it.',
        'お支払いそのものに原因がある可能性がございますので、担当部署におつなぎいたします。',
      ),
    ],
  },
} as const;
