//! The relation graph of the records: who supersedes, amends or relates to whom, with each
//! record's status, as DOT, Mermaid, JSON or an SVG drawn here (a layered layout: no JavaScript
//! and no layout engine needed to see it).
//!
//! Pure: an index in, text out. Each relation is one edge however many ends record it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::index::Index;
use crate::record::Relation;
use crate::text::escape_markup;

/// A record in the graph.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Node {
    pub number: u32,
    pub title: String,
    pub status: String,
    pub in_force: bool,
}

/// One relation, pointing from the newer record to the one it acts on (`from` supersedes or
/// amends `to`); `relates-to` has no direction and is written once, smaller number first.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub from: u32,
    pub to: u32,
    pub relation: &'static str,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

impl Graph {
    /// Every numbered record and every relation between records that exist.
    pub fn of(index: &Index) -> Graph {
        let nodes: Vec<Node> = index
            .records()
            .iter()
            .filter_map(|r| r.number)
            .collect::<BTreeSet<u32>>()
            .into_iter()
            .filter_map(|n| node(index, n))
            .collect();
        let known: BTreeSet<u32> = nodes.iter().map(|n| n.number).collect();
        let edges: BTreeSet<Edge> = index
            .edges()
            .filter(|e| known.contains(&e.from) && known.contains(&e.to) && e.from != e.to)
            .map(|e| canonical(e.from, e.relation, e.to))
            .collect();
        Graph {
            nodes,
            edges: edges.into_iter().collect(),
        }
    }

    /// Only the records with at least one relation (what a graph page is for).
    pub fn connected(&self) -> Graph {
        self.keep(|n| self.edges.iter().any(|e| e.from == n || e.to == n))
    }

    /// Record `n` and the records one relation away from it (empty when it has none).
    pub fn neighbourhood(&self, n: u32) -> Graph {
        Neighbourhoods::new(self).of(n)
    }

    fn keep(&self, wanted: impl Fn(u32) -> bool) -> Graph {
        let nodes: Vec<Node> = self
            .nodes
            .iter()
            .filter(|n| wanted(n.number))
            .cloned()
            .collect();
        let edges = self
            .edges
            .iter()
            .filter(|e| wanted(e.from) && wanted(e.to))
            .copied()
            .collect();
        Graph { nodes, edges }
    }
}

/// Every record's neighbourhood, from one pass over the edges (a site asks for all of them).
pub struct Neighbourhoods<'g> {
    nodes: BTreeMap<u32, &'g Node>,
    edges_of: BTreeMap<u32, Vec<&'g Edge>>,
}

impl<'g> Neighbourhoods<'g> {
    pub fn new(graph: &'g Graph) -> Neighbourhoods<'g> {
        let mut edges_of: BTreeMap<u32, Vec<&Edge>> = BTreeMap::new();
        for e in &graph.edges {
            edges_of.entry(e.from).or_default().push(e);
            edges_of.entry(e.to).or_default().push(e);
        }
        let nodes = graph.nodes.iter().map(|n| (n.number, n)).collect();
        Neighbourhoods { nodes, edges_of }
    }

    /// Record `n`, the records one relation away, and the relations among them.
    pub fn of(&self, n: u32) -> Graph {
        let Some(direct) = self.edges_of.get(&n) else {
            return Graph::default();
        };
        let near: BTreeSet<u32> = direct.iter().flat_map(|e| [e.from, e.to]).collect();
        let edges: BTreeSet<Edge> = near
            .iter()
            .flat_map(|m| self.edges_of.get(m).into_iter().flatten())
            .filter(|e| near.contains(&e.from) && near.contains(&e.to))
            .map(|e| **e)
            .collect();
        Graph {
            nodes: near
                .iter()
                .filter_map(|m| self.nodes.get(m))
                .map(|n| (*n).clone())
                .collect(),
            edges: edges.into_iter().collect(),
        }
    }
}

fn node(index: &Index, n: u32) -> Option<Node> {
    let record = index.get(n)?;
    Some(Node {
        number: n,
        title: record.title.clone().unwrap_or_default(),
        status: record.status.clone().unwrap_or_else(|| "unknown".into()),
        in_force: index.is_in_force(n),
    })
}

/// The one edge a relation stands for, whichever end wrote it.
fn canonical(from: u32, relation: Relation, to: u32) -> Edge {
    let edge = |from, to, relation| Edge { from, to, relation };
    match relation {
        Relation::Supersedes => edge(from, to, "supersedes"),
        Relation::SupersededBy => edge(to, from, "supersedes"),
        Relation::Amends => edge(from, to, "amends"),
        Relation::AmendedBy => edge(to, from, "amends"),
        Relation::RelatesTo => edge(from.min(to), from.max(to), "relates-to"),
        Relation::Requires => edge(from, to, "requires"),
        Relation::RequiredBy => edge(to, from, "requires"),
    }
}

fn label(node: &Node) -> String {
    format!("{:04} {}", node.number, node.title)
}

/// Graphviz DOT: status as the node's style, the relation as the edge's.
pub fn dot(graph: &Graph) -> String {
    let mut out = String::from(
        "digraph decisions {\n  rankdir=TB;\n  node [shape=box, style=\"rounded,filled\", fontname=\"sans-serif\"];\n",
    );
    for node in &graph.nodes {
        let (fill, extra) = status_style(&node.status);
        out.push_str(&format!(
            "  r{} [label=\"{} [{}]\", fillcolor=\"{fill}\"{extra}];\n",
            node.number,
            dot_escape(&label(node)),
            dot_escape(&node.status)
        ));
    }
    for e in &graph.edges {
        let style = match e.relation {
            "supersedes" => "",
            "amends" => ", style=dashed",
            "requires" => ", style=bold",
            _ => ", style=dotted, dir=none",
        };
        out.push_str(&format!(
            "  r{} -> r{} [label=\"{}\"{style}];\n",
            e.from, e.to, e.relation
        ));
    }
    out.push_str("}\n");
    out
}

fn status_style(status: &str) -> (&'static str, &'static str) {
    match status {
        "accepted" => ("#d4edda", ""),
        "proposed" | "draft" => ("#fff3cd", ""),
        "superseded" | "deprecated" => ("#e2e3e5", ", fontcolor=\"#555555\""),
        "rejected" | "withdrawn" => ("#f8d7da", ", fontcolor=\"#555555\""),
        _ => ("#ffffff", ""),
    }
}

fn dot_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', " ")
}

/// Mermaid `flowchart` source (GitHub renders it in Markdown).
pub fn mermaid(graph: &Graph) -> String {
    let mut out = String::from("flowchart TB\n");
    for node in &graph.nodes {
        out.push_str(&format!(
            "  r{}[\"{} [{}]\"]:::{}\n",
            node.number,
            mermaid_escape(&label(node)),
            mermaid_escape(&node.status),
            class_name(&node.status)
        ));
    }
    for e in &graph.edges {
        let arrow = match e.relation {
            "supersedes" => "-->",
            "amends" => "-.->",
            "requires" => "==>",
            _ => "---",
        };
        out.push_str(&format!(
            "  r{} {arrow}|{}| r{}\n",
            e.from, e.relation, e.to
        ));
    }
    for (class, style) in [
        ("accepted", "fill:#d4edda"),
        ("proposed", "fill:#fff3cd"),
        ("closed", "fill:#e2e3e5,color:#555"),
        ("other", "fill:#fff"),
    ] {
        out.push_str(&format!("  classDef {class} {style}\n"));
    }
    out
}

fn mermaid_escape(text: &str) -> String {
    // Mermaid's own entity form; a quote would end the label.
    text.replace('"', "#quot;").replace('\n', " ")
}

/// The CSS class (and Mermaid class) of a status: accepted, proposed, closed or other.
fn class_name(status: &str) -> &'static str {
    match status {
        "accepted" => "accepted",
        "proposed" | "draft" => "proposed",
        "superseded" | "deprecated" | "rejected" | "withdrawn" => "closed",
        _ => "other",
    }
}

/// Node size and gaps of the SVG layout, in px.
const BOX_W: u32 = 220;
const BOX_H: u32 = 44;
const GAP_X: u32 = 30;
const GAP_Y: u32 = 56;

/// The graph drawn as SVG: layers by supersede/amend depth (newer above older), records in
/// number order within a layer. `href` gives each node's link, relative to the page.
pub fn svg(graph: &Graph, href: &dyn Fn(u32) -> String) -> String {
    let places = layout(graph);
    let width = places.values().map(|p| p.0).max().map_or(0, |x| x + BOX_W);
    let height = places.values().map(|p| p.1).max().map_or(0, |y| y + BOX_H);
    let mut out = format!(
        "<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-4 -4 {} {}\" width=\"{}\" role=\"group\" aria-label=\"Relations between decisions\">\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" class=\"graph-arrow\"/></marker></defs>\n",
        width + 8,
        height + 8,
        width + 8
    );
    for e in &graph.edges {
        out.push_str(&svg_edge(e, &places));
    }
    for node in &graph.nodes {
        out.push_str(&svg_node(node, places[&node.number], href));
    }
    out.push_str("</svg>\n");
    out
}

fn svg_edge(e: &Edge, places: &BTreeMap<u32, (u32, u32)>) -> String {
    let ((fx, fy), (tx, ty)) = (places[&e.from], places[&e.to]);
    let (x1, x2) = (fx + BOX_W / 2, tx + BOX_W / 2);
    let (y1, y2) = match fy.cmp(&ty) {
        std::cmp::Ordering::Less => (fy + BOX_H, ty),
        std::cmp::Ordering::Greater => (fy, ty + BOX_H),
        std::cmp::Ordering::Equal => (fy + BOX_H / 2, ty + BOX_H / 2),
    };
    let marker = match e.relation {
        "relates-to" => "",
        _ => " marker-end=\"url(#arrow)\"",
    };
    format!(
        "<line class=\"graph-edge {}\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"{marker}><title>{:04} {} {:04}</title></line>\n",
        e.relation, e.from, e.relation, e.to
    )
}

fn svg_node(node: &Node, (x, y): (u32, u32), href: &dyn Fn(u32) -> String) -> String {
    let mut title: String = node.title.chars().take(20).collect();
    if node.title.chars().count() > 20 {
        title.push('…');
    }
    format!(
        "<a href=\"{}\"><g class=\"graph-node {}\"><title>{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"6\"/><text x=\"{}\" y=\"{}\">{:04} {}</text><text class=\"graph-status\" x=\"{}\" y=\"{}\">{}</text></g></a>\n",
        escape_markup(&href(node.number)),
        class_name(&node.status),
        escape_markup(&format!("{} [{}]", label(node), node.status)),
        x + 8,
        y + 18,
        node.number,
        escape_markup(&title),
        x + 8,
        y + 36,
        escape_markup(&node.status)
    )
}

/// Top-left corner of each node: layer = longest chain of supersede/amend edges above it.
fn layout(graph: &Graph) -> BTreeMap<u32, (u32, u32)> {
    let layers = layers(graph);
    let mut row_of: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for node in &graph.nodes {
        row_of
            .entry(layers[&node.number])
            .or_default()
            .push(node.number);
    }
    let mut places = BTreeMap::new();
    for (layer, numbers) in row_of {
        for (column, n) in numbers.into_iter().enumerate() {
            places.insert(
                n,
                (column as u32 * (BOX_W + GAP_X), layer * (BOX_H + GAP_Y)),
            );
        }
    }
    places
}

/// Each node's layer: 0 for records nothing supersedes or amends, one more than the deepest
/// record that acts on it otherwise. Cycles (which `check` reports) stop at the node count.
fn layers(graph: &Graph) -> BTreeMap<u32, u32> {
    let mut layer: BTreeMap<u32, u32> = graph.nodes.iter().map(|n| (n.number, 0)).collect();
    let directed: Vec<&Edge> = graph
        .edges
        .iter()
        .filter(|e| e.relation != "relates-to")
        .collect();
    for _ in 0..graph.nodes.len() {
        let mut changed = false;
        for e in &directed {
            let wanted = layer[&e.from] + 1;
            if layer[&e.to] < wanted {
                layer.insert(e.to, wanted);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    layer
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::sample;

    fn index() -> Index {
        Index::new(vec![
            sample("0001-a.md", "status: superseded\nsuperseded-by: [2]"),
            sample(
                "0002-b.md",
                "status: accepted\nsupersedes: [1]\nrelates-to: [3]",
            ),
            sample("0003-c.md", "status: proposed\namends: [2]"),
            sample("0004-d.md", "status: accepted"),
        ])
    }

    #[test]
    fn one_edge_per_relation_whichever_end_wrote_it() {
        let graph = Graph::of(&index());
        let edges: Vec<(u32, u32, &str)> = graph
            .edges
            .iter()
            .map(|e| (e.from, e.to, e.relation))
            .collect();
        assert_eq!(
            edges,
            vec![(2, 1, "supersedes"), (2, 3, "relates-to"), (3, 2, "amends")]
        );
        assert_eq!(graph.connected().nodes.len(), 3);
        let near: Vec<u32> = graph
            .neighbourhood(1)
            .nodes
            .iter()
            .map(|n| n.number)
            .collect();
        assert_eq!(near, vec![1, 2]);
        assert!(graph.neighbourhood(4).nodes.is_empty());
    }

    #[test]
    fn formats_name_every_record_and_relation() {
        let graph = Graph::of(&index()).connected();
        let dot = dot(&graph);
        assert!(dot.contains("r2 -> r1 [label=\"supersedes\"]"), "{dot}");
        assert!(
            dot.contains("0001 Title of 0001-a.md [superseded]"),
            "{dot}"
        );
        let mermaid = mermaid(&graph);
        assert!(mermaid.contains("r3 -.->|amends| r2"), "{mermaid}");
        let svg = svg(&graph, &|n| format!("records/{n:04}.html"));
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains("href=\"records/0001.html\""));
    }

    #[test]
    fn newer_records_sit_above_what_they_supersede() {
        let places = layout(&Graph::of(&index()));
        assert!(places[&3].1 < places[&2].1 && places[&2].1 < places[&1].1);
    }

    #[test]
    fn a_cycle_does_not_hang_the_layout() {
        let index = Index::new(vec![
            sample("0001-a.md", "supersedes: [2]"),
            sample("0002-b.md", "supersedes: [1]"),
        ]);
        assert_eq!(layout(&Graph::of(&index)).len(), 2);
    }
}
