"""The reply text as HTML: sentences with ids, metric spans marked, everything escaped."""
from archive.pages.annotate import Anchor, annotate, sentence_bounds, sentence_of


def test_sentences_split_at_full_stops_and_line_breaks():
    text = "一、加强领导。成立领导小组！\n二、开展筛查；覆盖学生"
    starts = sentence_bounds(text)
    sentences = [text[s:e] for s, e in zip(starts, starts[1:] + [len(text)])]
    assert sentences == ["一、加强领导。", "成立领导小组！\n", "二、开展筛查；", "覆盖学生"]
    assert sentence_of(starts, text.index("覆盖")) == 3
    assert sentence_of(starts, 0) == 0


def test_metric_span_is_marked_inside_its_sentence():
    text = "第一句。全年开展团体辅导521场次。第三句。"
    start = text.index("521")
    html = annotate(text, [Anchor(start, start + 3, "metric-7", "metric-span")])
    assert '<mark id="metric-7" class="metric-span">521</mark>' in html
    sentence = html.split('id="s-1">')[1].split("</span>")[0]
    assert "metric-7" in sentence and "团体辅导" in sentence


def test_text_is_escaped_and_overlaps_become_bare_anchors():
    text = "<script>x</script>开展活动100次。"
    start = text.index("100")
    html = annotate(text, [Anchor(start, start + 3, "metric-1", "m"), Anchor(start + 1, start + 2, "metric-2", "m"),
                           Anchor(0, 0, "measure-3", "a")])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<span id="metric-2" class="m"></span>' in html
    assert '<span id="measure-3" class="a"></span>' in html


def test_out_of_range_spans_do_not_break_the_page():
    html = annotate("短文。", [Anchor(50, 60, "metric-9", "m")])
    assert "短文。" in html and "metric-9" in html
