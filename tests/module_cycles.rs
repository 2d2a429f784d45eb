//! The modules of `src/` depend on each other without cycles, so each one can be read, tested
//! and changed after the ones it uses. A module's dependencies are the `crate::`, `super::` and
//! `self::` paths in its code (`use` trees such as `use crate::{a, b::{c, d}}` included, comments
//! and string literals not), each resolved to the deepest module file it names. A module using
//! its own ancestors or descendants is containment, not layering, and is not counted; nor is test
//! code (`#[cfg(test)]` modules), which may use the whole crate.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Cycles known and left for later, each as the set of modules it joins. An entry that is no
/// longer a cycle fails the test too, so that it is removed here.
const ALLOWED_CYCLES: &[&[&str]] = &[];

/// A module by its path from the crate root: `["export", "html"]` is `crate::export::html`.
type ModulePath = Vec<String>;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    PathSep,
    Open,
    Close,
    Comma,
    Punct(char),
}

/// The code of a Rust file with comments, strings and character literals blanked out, line
/// breaks kept (for line numbers).
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut code = String::with_capacity(text.len());
    let blank = |code: &mut String, c: char| code.push(if c == '\n' { '\n' } else { ' ' });
    let ident_char = |at: usize| chars[at].is_alphanumeric() || chars[at] == '_';
    // `r"…"` or `br"…"`, not the end of a name such as `user`.
    let starts_a_literal = |at: usize| match at {
        0 => true,
        _ if !ident_char(at - 1) => true,
        _ => chars[at - 1] == 'b' && (at == 1 || !ident_char(at - 2)),
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut code, chars[i]);
                    i += 1;
                }
            }
        } else if c == 'r' && matches!(next, Some('"' | '#')) && starts_a_literal(i) {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                code.push(c);
                i += 1;
                continue;
            }
            i += 2 + hashes;
            while i < chars.len() {
                let closes = chars[i] == '"'
                    && (1..=hashes).all(|offset| chars.get(i + offset) == Some(&'#'));
                if closes {
                    i += 1 + hashes;
                    break;
                }
                blank(&mut code, chars[i]);
                i += 1;
            }
            code.push(' ');
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if let Some(&inside) = chars.get(i) {
                    blank(&mut code, inside);
                }
                i += 1;
            }
            i += 1;
            code.push(' ');
        } else if c == '\'' && next == Some('\\') {
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            code.push(' ');
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i += 3;
            code.push(' ');
        } else {
            code.push(c);
            i += 1;
        }
    }
    code
}

/// The tokens of `code` (from [`code_only`]) that paths and modules are made of, with the line
/// of each.
fn tokens(code: &str) -> Vec<(Token, usize)> {
    let mut tokens = Vec::new();
    for (index, line) in code.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let token = if c.is_alphanumeric() || c == '_' {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                tokens.push((Token::Ident(chars[start..i].iter().collect()), index + 1));
                continue;
            } else if c.is_whitespace() {
                i += 1;
                continue;
            } else if c == ':' && chars.get(i + 1) == Some(&':') {
                i += 1;
                Token::PathSep
            } else {
                match c {
                    '{' => Token::Open,
                    '}' => Token::Close,
                    ',' => Token::Comma,
                    other => Token::Punct(other),
                }
            };
            tokens.push((token, index + 1));
            i += 1;
        }
    }
    tokens
}

fn ident(tokens: &[(Token, usize)], at: usize) -> Option<&str> {
    match tokens.get(at) {
        Some((Token::Ident(name), _)) => Some(name),
        _ => None,
    }
}

fn is(tokens: &[(Token, usize)], at: usize, wanted: &Token) -> bool {
    tokens.get(at).is_some_and(|(token, _)| token == wanted)
}

/// Reads the path or `use` tree starting at `at` (after `prefix`), returning every full path it
/// names and where it ends.
fn path_tree(
    tokens: &[(Token, usize)],
    mut at: usize,
    prefix: &[String],
) -> (Vec<ModulePath>, usize) {
    let mut path = prefix.to_vec();
    loop {
        if is(tokens, at, &Token::Open) {
            let mut paths = Vec::new();
            at += 1;
            while at < tokens.len() && !is(tokens, at, &Token::Close) {
                if is(tokens, at, &Token::Comma) {
                    at += 1;
                    continue;
                }
                let (inner, end) = path_tree(tokens, at, &path);
                paths.extend(inner);
                // Skips what a tree may end with that is no path: `as name`.
                at = end;
                while at < tokens.len()
                    && !is(tokens, at, &Token::Comma)
                    && !is(tokens, at, &Token::Close)
                {
                    at += 1;
                }
            }
            return (paths, at + 1);
        }
        // A `self` inside braces (`use crate::demos::{self, Demo}`) is resolved by `absolute`.
        match ident(tokens, at) {
            Some(name) => path.push(name.to_owned()),
            None => return (vec![path], at),
        }
        at += 1;
        if is(tokens, at, &Token::PathSep) {
            at += 1;
        } else {
            return (vec![path], at);
        }
    }
}

/// Resolves a path's leading `crate`, `super` and `self` segments from module `current`.
fn absolute(path: &[String], current: &[String]) -> ModulePath {
    let mut resolved: ModulePath = match path.first().map(String::as_str) {
        Some("crate") => Vec::new(),
        _ => current.to_vec(),
    };
    for segment in path
        .iter()
        .skip(usize::from(path.first().is_some_and(|s| s == "crate")))
    {
        match segment.as_str() {
            "super" => {
                resolved.pop();
            }
            "self" => {}
            name => resolved.push(name.to_owned()),
        }
    }
    resolved
}

/// What a module's file uses of other module files, and the child module files it declares
/// for tests only (`#[cfg(test)] mod name;`).
struct Uses {
    /// Each module file a path names, with the line of the path.
    paths: Vec<(ModulePath, usize)>,
    test_children: Vec<String>,
}

/// Where the item after `#[cfg(test)]` at `at` starts, if that is what `at` holds.
fn after_test_attribute(tokens: &[(Token, usize)], at: usize) -> Option<usize> {
    let attribute = [
        Token::Punct('#'),
        Token::Punct('['),
        Token::Ident("cfg".into()),
        Token::Punct('('),
        Token::Ident("test".into()),
        Token::Punct(')'),
        Token::Punct(']'),
    ];
    let matches = attribute
        .iter()
        .enumerate()
        .all(|(offset, wanted)| is(tokens, at + offset, wanted));
    matches.then_some(at + attribute.len())
}

/// Where the item at `at` starts after its visibility (`pub`, `pub(crate)`, `pub(in path)`), if
/// it has one.
fn after_visibility(tokens: &[(Token, usize)], at: usize) -> usize {
    if ident(tokens, at) != Some("pub") {
        return at;
    }
    if !is(tokens, at + 1, &Token::Punct('(')) {
        return at + 1;
    }
    (at + 2..tokens.len())
        .find(|&close| is(tokens, close, &Token::Punct(')')))
        .map_or(tokens.len(), |close| close + 1)
}

/// Where the block opening at `open` ends (just after its `}`).
fn block_end(tokens: &[(Token, usize)], open: usize) -> usize {
    let mut depth = 0;
    for (at, (token, _)) in tokens.iter().enumerate().skip(open) {
        match token {
            Token::Open => depth += 1,
            Token::Close if depth == 1 => return at + 1,
            Token::Close => depth -= 1,
            _ => {}
        }
    }
    tokens.len()
}

/// The module files that `text` (the file of `module`) names in paths. Test code is left out: a
/// test may use the whole crate (the registry, say) without its module depending on it.
fn uses(module: &[String], text: &str, files: &BTreeSet<ModulePath>) -> Uses {
    let tokens = tokens(&code_only(text));
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut uses = Uses {
        paths: Vec::new(),
        test_children: Vec::new(),
    };
    let mut at = 0;
    while at < tokens.len() {
        if let Some(attributed) = after_test_attribute(&tokens, at) {
            let item = after_visibility(&tokens, attributed);
            at = item;
            if ident(&tokens, item) == Some("mod") {
                if let Some(name) = ident(&tokens, item + 1) {
                    if is(&tokens, item + 2, &Token::Open) {
                        at = block_end(&tokens, item + 2);
                    } else {
                        uses.test_children.push(name.to_owned());
                    }
                }
            }
            continue;
        }
        match &tokens[at].0 {
            Token::Open => depth += 1,
            Token::Close => {
                depth -= 1;
                if inline.last().is_some_and(|(_, opened)| *opened == depth) {
                    inline.pop();
                }
            }
            Token::Ident(word) if word == "mod" => {
                if let (Some(name), true) =
                    (ident(&tokens, at + 1), is(&tokens, at + 2, &Token::Open))
                {
                    inline.push((name.to_owned(), depth));
                    depth += 1;
                    at += 3;
                    continue;
                }
            }
            Token::Ident(word)
                if matches!(word.as_str(), "crate" | "super" | "self")
                    && is(&tokens, at + 1, &Token::PathSep)
                    && !(at > 0 && is(&tokens, at - 1, &Token::PathSep)) =>
            {
                let line = tokens[at].1;
                let mut current = module.to_vec();
                current.extend(inline.iter().map(|(name, _)| name.clone()));
                let (paths, end) = path_tree(&tokens, at, &[]);
                for path in paths {
                    let target = absolute(&path, &current);
                    let file = (0..=target.len())
                        .rev()
                        .map(|len| target[..len].to_vec())
                        .find(|prefix| files.contains(prefix))
                        .unwrap_or_default();
                    uses.paths.push((file, line));
                }
                at = end;
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    uses
}

/// Where a module's dependency on another shows: the first line of each.
type Graph = BTreeMap<ModulePath, BTreeMap<ModulePath, usize>>;

fn graph(sources: &[(ModulePath, String)]) -> Graph {
    let files: BTreeSet<ModulePath> = sources.iter().map(|(module, _)| module.clone()).collect();
    let found: Vec<(&ModulePath, Uses)> = sources
        .iter()
        .map(|(module, text)| (module, uses(module, text, &files)))
        .collect();
    let test_only: Vec<ModulePath> = found
        .iter()
        .flat_map(|(module, uses)| {
            uses.test_children.iter().map(|child| {
                let mut path = module.to_vec();
                path.push(child.clone());
                path
            })
        })
        .collect();
    let contains = |outer: &ModulePath, inner: &ModulePath| inner.starts_with(outer);
    let mut graph = Graph::new();
    for (module, uses) in found {
        if test_only.iter().any(|test| contains(test, module)) {
            continue;
        }
        let edges = graph.entry(module.clone()).or_default();
        for (target, line) in uses.paths {
            if !contains(module, &target) && !contains(&target, module) {
                edges.entry(target).or_insert(line);
            }
        }
    }
    graph
}

/// The strongly connected components of more than one module (Tarjan's algorithm).
fn cycles(graph: &Graph) -> Vec<BTreeSet<ModulePath>> {
    struct State<'a> {
        graph: &'a Graph,
        index: BTreeMap<&'a ModulePath, usize>,
        low: BTreeMap<&'a ModulePath, usize>,
        stack: Vec<&'a ModulePath>,
        found: Vec<BTreeSet<ModulePath>>,
    }
    fn visit<'a>(state: &mut State<'a>, node: &'a ModulePath) {
        let number = state.index.len();
        state.index.insert(node, number);
        state.low.insert(node, number);
        state.stack.push(node);
        let graph = state.graph;
        for next in graph.get(node).into_iter().flat_map(BTreeMap::keys) {
            if !state.index.contains_key(next) {
                visit(state, next);
                let low = state.low[node].min(state.low[next]);
                state.low.insert(node, low);
            } else if state.stack.contains(&next) {
                let low = state.low[node].min(state.index[next]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut component = BTreeSet::new();
            while let Some(member) = state.stack.pop() {
                component.insert(member.clone());
                if member == node {
                    break;
                }
            }
            if component.len() > 1 {
                state.found.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !state.index.contains_key(node) {
            visit(&mut state, node);
        }
    }
    state.found
}

fn name(module: &ModulePath) -> String {
    module.join("::")
}

/// Every `.rs` file of the library under `src`, by module path (`main.rs` is another crate).
fn library_sources(src: &Path) -> Vec<(ModulePath, String)> {
    let mut pending: Vec<PathBuf> = vec![src.to_path_buf()];
    let mut sources = Vec::new();
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            let entries =
                fs::read_dir(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
            pending.extend(entries.map(|entry| entry.expect("a directory entry").path()));
            continue;
        }
        let relative = path.strip_prefix(src).expect("under src");
        if path.extension().is_none_or(|ext| ext != "rs") || relative == Path::new("main.rs") {
            continue;
        }
        let mut module: ModulePath = relative
            .with_extension("")
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect();
        if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
            module.pop();
        }
        let text =
            fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        sources.push((module, text));
    }
    sources
}

fn source(module: &str, text: &str) -> (ModulePath, String) {
    let path = if module.is_empty() {
        Vec::new()
    } else {
        module.split("::").map(str::to_owned).collect()
    };
    (path, text.to_owned())
}

fn modules(names: &[&str]) -> BTreeSet<ModulePath> {
    names.iter().map(|name| source(name, "").0).collect()
}

#[test]
fn src_modules_use_each_other_without_cycles_beyond_the_allowed_ones() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = graph(&library_sources(&src));
    let allowed: Vec<BTreeSet<ModulePath>> =
        ALLOWED_CYCLES.iter().map(|names| modules(names)).collect();
    let found = cycles(&graph);
    let mut problems = Vec::new();
    for component in found
        .iter()
        .filter(|component| !allowed.contains(component))
    {
        let edges: Vec<String> = component
            .iter()
            .flat_map(|from| {
                graph[from]
                    .iter()
                    .filter(|(to, _)| component.contains(*to))
                    .map(move |(to, line)| {
                        format!("{} uses {} (line {line})", name(from), name(to))
                    })
            })
            .collect();
        problems.push(format!("a cycle: {}", edges.join("; ")));
    }
    for stale in allowed.iter().filter(|cycle| !found.contains(cycle)) {
        let names: Vec<String> = stale.iter().map(name).collect();
        problems.push(format!(
            "{} no longer form a cycle: remove them from ALLOWED_CYCLES",
            names.join(" and ")
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn use_trees_and_paths_in_code_are_dependencies_and_comments_and_strings_are_not() {
    let sources = [
        source("", "pub mod a; pub mod b; pub mod c; pub mod d; pub mod e;"),
        source("a", "use crate::{b::{self, Thing as Other}, c};\n// crate::d::f()\nconst S: &str = \"crate::e::g\";"),
        source("b", "fn f() -> char { let _ = '\"'; crate::d::deep::item() }"),
        source("c", "pub(crate) fn f() {} const R: &str = r#\"crate::e\"#;"),
        source("d", "mod inner { use super::super::e::X; }"),
        source(
            "e",
            "#[cfg(test)]\nmod tests { use crate::a::f; }\n#[cfg(test)]\nmod checks;\n\
             #[cfg(test)]\npub(crate) mod testing { use crate::b::g; }",
        ),
        source("e::checks", "use crate::a::f;"),
    ];
    let graph = graph(&sources);
    let targets =
        |module: &str| -> Vec<String> { graph[&source(module, "").0].keys().map(name).collect() };
    assert_eq!(targets("a"), ["b", "c"]);
    assert_eq!(targets("b"), ["d"]);
    assert!(targets("c").is_empty());
    assert_eq!(targets("d"), ["e"]);
    assert!(targets("e").is_empty());
    assert!(!graph.contains_key(&source("e::checks", "").0));
    assert!(cycles(&graph).is_empty());
}

#[test]
fn siblings_using_each_other_are_a_cycle_and_a_parent_and_child_are_not() {
    let sources = [
        source(
            "export",
            "mod code; mod html; fn shared() { html::render(); crate::export::code::python(); }",
        ),
        source("export::code", "use super::html::escape;"),
        source("export::html", "use super::{code, shared};"),
        source("quiz", "use crate::commands::available;"),
        source("commands", "fn run() { crate::quiz::run() }"),
    ];
    let found = cycles(&graph(&sources));
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.contains(&modules(&["export::code", "export::html"])));
    assert!(found.contains(&modules(&["commands", "quiz"])));
}
