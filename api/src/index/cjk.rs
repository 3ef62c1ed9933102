//! A CJK-aware tokenizer, the same idea as the `cjk` analyzer of Elasticsearch (standard
//! tokenizer + `cjk_bigram`): runs of letters and digits are words; runs of Han, kana or hangul
//! become overlapping bigrams (a lone character stays a unigram), so "数据库" matches "数据" and
//! "据库" queries, and positions let phrases match.
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

#[derive(Clone, Default)]
pub struct CjkBigramTokenizer;

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK ext A
        | 0x4E00..=0x9FFF // CJK unified
        | 0xAC00..=0xD7AF // Hangul
        | 0xF900..=0xFAFF // CJK compat
        | 0x20000..=0x2FA1F)
}

pub struct CjkTokenStream {
    tokens: Vec<Token>,
    idx: usize, // 1-based cursor; 0 = not started
}

impl Tokenizer for CjkBigramTokenizer {
    type TokenStream<'a> = CjkTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkTokenStream {
        let mut tokens = Vec::new();
        let mut push = |from: usize, to: usize| {
            let position = tokens.len();
            tokens.push(Token {
                offset_from: from,
                offset_to: to,
                position,
                text: text[from..to].to_string(),
                position_length: 1,
            });
        };
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let end_of = |i: usize| chars.get(i + 1).map(|c| c.0).unwrap_or(text.len());
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i].1;
            if is_cjk(c) {
                let start = i;
                while i < chars.len() && is_cjk(chars[i].1) {
                    i += 1;
                }
                if i - start == 1 {
                    push(chars[start].0, end_of(start));
                } else {
                    for (j, &(offset, _)) in chars.iter().enumerate().take(i - 1).skip(start) {
                        push(offset, end_of(j + 1));
                    }
                }
            } else if c.is_alphanumeric() || c == '_' {
                let start = i;
                while i < chars.len()
                    && (chars[i].1.is_alphanumeric() || chars[i].1 == '_')
                    && !is_cjk(chars[i].1)
                {
                    i += 1;
                }
                push(chars[start].0, end_of(i - 1));
            } else {
                i += 1;
            }
        }
        CjkTokenStream { tokens, idx: 0 }
    }
}

impl TokenStream for CjkTokenStream {
    fn advance(&mut self) -> bool {
        self.idx += 1;
        self.idx <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.idx - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.idx - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        let mut tokenizer = CjkBigramTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn words_and_bigrams() {
        assert_eq!(
            tokens("Redis 缓存设计 v2"),
            ["Redis", "缓存", "存设", "设计", "v2"]
        );
        assert_eq!(tokens("库"), ["库"]);
        assert_eq!(tokens("user_id, ok!"), ["user_id", "ok"]);
    }
}
