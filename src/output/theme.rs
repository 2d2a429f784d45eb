//! Colours for code on a terminal: how many colours the terminal has, and themes for light, dark
//! and unknown backgrounds.
//!
//! Plain code is never painted: it keeps the terminal's own foreground, which its user made
//! readable on their background. Only tokens get colours, and the default theme, `projector`,
//! takes them from the narrow band of luminance that reads at 4.5:1 or better on white *and* on
//! black (WCAG's contrast ratio), so the same colours work on a light projector profile and a
//! dark terminal. `dark` and `light` trade that for more vivid colours on one background.

use std::fmt;

/// How many colours the terminal shows, from `COLORTERM` and `TERM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// 24-bit colour (`COLORTERM=truecolor` or `24bit`).
    TrueColor,
    /// The xterm 256-colour palette (`TERM=*-256color`).
    Ansi256,
    /// The 16 ANSI colours, whatever the terminal makes of them.
    Ansi16,
}

impl Depth {
    /// The depth the environment announces; `None` for `TERM=dumb`, which shows no colour.
    pub fn detect() -> Option<Depth> {
        let var = |name: &str| std::env::var(name).unwrap_or_default().to_ascii_lowercase();
        Depth::from_env(&var("COLORTERM"), &var("TERM"))
    }

    fn from_env(colorterm: &str, term: &str) -> Option<Depth> {
        if term == "dumb" {
            return None;
        }
        Some(if matches!(colorterm, "truecolor" | "24bit") {
            Depth::TrueColor
        } else if term.contains("256color") || term.contains("direct") {
            Depth::Ansi256
        } else {
            Depth::Ansi16
        })
    }
}

/// One token colour, at each depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ink {
    pub rgb: (u8, u8, u8),
    /// The xterm palette index chosen for it (checked against the same contrast rule).
    pub ansi256: u8,
    /// SGR parameters at 16 colours (e.g. `32` green, `1` bold).
    pub ansi16: &'static str,
}

impl Ink {
    /// The SGR escape that paints with this ink at `depth`.
    pub fn escape(self, depth: Depth) -> String {
        let (r, g, b) = self.rgb;
        match depth {
            Depth::TrueColor => format!("\x1b[38;2;{r};{g};{b}m"),
            Depth::Ansi256 => format!("\x1b[38;5;{}m", self.ansi256),
            Depth::Ansi16 => format!("\x1b[{}m", self.ansi16),
        }
    }
}

/// The kinds of token a theme colours; everything else is plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Keyword,
    String,
    Number,
    Comment,
    Definition,
    Builtin,
}

impl Token {
    pub const ALL: [Token; 6] = [
        Token::Keyword,
        Token::String,
        Token::Number,
        Token::Comment,
        Token::Definition,
        Token::Builtin,
    ];

    /// The TextMate scopes (Sublime's Python grammar) the token covers.
    pub fn scopes(self) -> &'static str {
        match self {
            Token::Keyword => {
                "keyword - keyword.operator, keyword.operator.logical, keyword.operator.word, \
                 storage, constant.language"
            }
            Token::String => "string, punctuation.definition.string",
            Token::Number => "constant.numeric",
            Token::Comment => "comment, punctuation.definition.comment",
            Token::Definition => "entity.name, meta.annotation, entity.name.function.decorator",
            Token::Builtin => "support, variable.language",
        }
    }
}

/// The background a theme is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Background {
    Light,
    Dark,
    /// Either: every colour reads on white and on black.
    Any,
}

/// A set of token colours.
#[derive(Debug)]
pub struct Theme {
    pub name: &'static str,
    pub about: &'static str,
    pub background: Background,
    /// Colours in the order of [`Token::ALL`].
    inks: [Ink; 6],
}

impl Theme {
    pub fn ink(&self, token: Token) -> Ink {
        self.inks[token as usize]
    }
}

const fn ink(rgb: u32, ansi256: u8, ansi16: &'static str) -> Ink {
    Ink {
        rgb: ((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8),
        ansi256,
        ansi16,
    }
}

/// The themes, the default first.
pub const THEMES: [Theme; 3] = [
    Theme {
        name: "projector",
        about: "reads on light and dark backgrounds alike (the default)",
        background: Background::Any,
        inks: [
            ink(0xa351cc, 98, "1;35"),
            ink(0x228733, 29, "32"),
            ink(0xb95c0a, 131, "33"),
            ink(0x767676, 243, "3"),
            ink(0x3b71dc, 63, "1;34"),
            ink(0x19828b, 163, "36"),
        ],
    },
    Theme {
        name: "dark",
        about: "brighter colours for a dark background",
        background: Background::Dark,
        inks: [
            ink(0xcc99cc, 176, "1;95"),
            ink(0x99cc99, 114, "92"),
            ink(0xf99157, 209, "93"),
            ink(0xa09f93, 247, "3;37"),
            ink(0x6699cc, 68, "1;94"),
            ink(0x66cccc, 80, "96"),
        ],
    },
    Theme {
        name: "light",
        about: "deeper colours for a white background (a light projector profile)",
        background: Background::Light,
        inks: [
            ink(0xcf222e, 160, "1;31"),
            ink(0x0a3069, 23, "34"),
            ink(0x0550ae, 25, "35"),
            ink(0x57606a, 59, "3"),
            ink(0x6639ba, 61, "1;35"),
            ink(0x953800, 94, "33"),
        ],
    },
];

/// The theme named `name`, or a message listing the ones there are.
pub fn named(name: &str) -> Result<&'static Theme, String> {
    THEMES
        .iter()
        .find(|theme| theme.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            let names: Vec<&str> = THEMES.iter().map(|theme| theme.name).collect();
            format!(
                "no theme named {name:?}; there are {} (see --list-themes)",
                names.join(", ")
            )
        })
}

/// Where the theme in force comes from: `--theme`, else `PYCONCEPTS_THEME`, else the default.
pub fn choose(flag: Option<&str>) -> Result<&'static Theme, String> {
    let from_env = std::env::var("PYCONCEPTS_THEME").ok();
    match flag.or(from_env.as_deref().filter(|name| !name.trim().is_empty())) {
        Some(name) => named(name.trim()),
        None => Ok(&THEMES[0]),
    }
}

/// How code is coloured: a theme at a depth.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub theme: &'static Theme,
    pub depth: Depth,
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:<10} {}", self.name, self.about)
    }
}

/// WCAG 2 contrast ratio of two sRGB colours (1 to 21).
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let luminance = |(r, g, b): (u8, u8, u8)| {
        let linear = |channel: u8| {
            let value = f64::from(channel) / 255.0;
            if value <= 0.039_28 {
                value / 12.92
            } else {
                ((value + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    };
    let (lighter, darker) = {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y), x.min(y))
    };
    (lighter + 0.05) / (darker + 0.05)
}

/// The colour xterm shows for palette index `index` (16–255; the first 16 are the terminal's).
pub fn xterm_rgb(index: u8) -> Option<(u8, u8, u8)> {
    const STEPS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match index {
        0..=15 => None,
        16..=231 => {
            let cube = index - 16;
            Some((
                STEPS[usize::from(cube / 36)],
                STEPS[usize::from(cube / 6 % 6)],
                STEPS[usize::from(cube % 6)],
            ))
        }
        232..=255 => {
            let level = 8 + 10 * (index - 232);
            Some((level, level, level))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHITE: (u8, u8, u8) = (255, 255, 255);
    const BLACK: (u8, u8, u8) = (0, 0, 0);

    #[test]
    fn every_token_colour_reads_at_4_5_to_1_on_the_backgrounds_its_theme_is_for() {
        for theme in &THEMES {
            let backgrounds: &[(u8, u8, u8)] = match theme.background {
                Background::Any => &[WHITE, BLACK],
                Background::Light => &[WHITE],
                Background::Dark => &[BLACK],
            };
            for token in Token::ALL {
                let ink = theme.ink(token);
                let palette = xterm_rgb(ink.ansi256).expect("a fixed palette colour");
                for &background in backgrounds {
                    for (what, rgb) in [("24-bit", ink.rgb), ("256-colour", palette)] {
                        let ratio = contrast(rgb, background);
                        assert!(
                            ratio >= 4.5,
                            "{} {token:?} ({what} {rgb:?}) on {background:?}: {ratio:.2}",
                            theme.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn contrast_matches_wcag_examples() {
        assert!((contrast(WHITE, BLACK) - 21.0).abs() < 1e-9);
        // The old default code colour, #d3d0c8, on white: unreadable.
        assert!(contrast((0xd3, 0xd0, 0xc8), WHITE) < 1.6);
        assert!((contrast((0x76, 0x76, 0x76), WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn depth_follows_colorterm_then_term() {
        assert_eq!(
            Depth::from_env("truecolor", "xterm"),
            Some(Depth::TrueColor)
        );
        assert_eq!(Depth::from_env("24bit", "screen"), Some(Depth::TrueColor));
        assert_eq!(Depth::from_env("", "xterm-256color"), Some(Depth::Ansi256));
        assert_eq!(Depth::from_env("", "xterm"), Some(Depth::Ansi16));
        assert_eq!(Depth::from_env("truecolor", "dumb"), None);
    }

    #[test]
    fn themes_are_found_by_name_and_a_wrong_name_lists_them() {
        assert_eq!(named("LIGHT").unwrap().name, "light");
        let message = named("solarized").unwrap_err();
        assert!(message.contains("projector, dark, light"), "{message}");
    }

    #[test]
    fn xterm_palette_indices_map_to_their_colours() {
        assert_eq!(xterm_rgb(16), Some((0, 0, 0)));
        assert_eq!(xterm_rgb(231), Some((255, 255, 255)));
        assert_eq!(xterm_rgb(243), Some((118, 118, 118)));
        assert_eq!(xterm_rgb(7), None);
    }
}
