"""The contract every search backend keeps: one suite, run against SQLite FTS5 and PostgreSQL."""
import datetime

from archive.models import Measure, MeasureType
from archive.search.base import SearchFilters

from .factories import make_reply

ANYONE = SearchFilters()
STAFF = SearchFilters(include_private=True)


def ids(results) -> set[int]:
    return {hit.reply_id for hit in results.hits}


def test_any_substring_of_two_or_more_characters_is_found(search_backend):
    reply = make_reply("各校设立心理辅导站，开展团体辅导。")
    for query in ("心理辅导", "理辅", "辅导站", "设立心理辅导站", "团体"):
        assert ids(search_backend.search(query, ANYONE)) == {reply.pk}, query
    assert search_backend.search("心理咨询室", ANYONE).count == 0


def test_single_character_queries_find_every_occurrence(search_backend):
    first = make_reply("关心学生。")  # 心 closes a run
    second = make_reply("心理健康")
    make_reply("教育工作")
    assert ids(search_backend.search("心", ANYONE)) == {first.pk, second.pk}


def test_traditional_and_full_width_fold_on_both_sides(search_backend):
    simplified = make_reply("加强学生心理健康，开通１２３５５热线。")
    traditional = make_reply("加強學生心理輔導。")
    assert ids(search_backend.search("學生心理", ANYONE)) == {simplified.pk, traditional.pk}
    assert ids(search_backend.search("心理辅导", ANYONE)) == {traditional.pk}
    assert ids(search_backend.search("12355", ANYONE)) == {simplified.pk}


def test_latin_and_digits_are_case_insensitive_words(search_backend):
    reply = make_reply("建设AI心理预警平台和5G智慧校园，配备AED128台。")
    for query in ("ai", "AI", "5g", "aed128", "AED 128", "Ａｉ"):
        assert ids(search_backend.search(query, ANYONE)) == {reply.pk}, query


def test_and_or_exclude_and_phrase(search_backend):
    both = make_reply("心理辅导与家校共育并重。")
    only_counsel = make_reply("心理辅导持续开展。")
    only_family = make_reply("家校共育深入推进。")
    assert ids(search_backend.search("心理辅导 家校共育", ANYONE)) == {both.pk}
    assert ids(search_backend.search("心理辅导 OR 家校共育", ANYONE)) == {both.pk, only_counsel.pk, only_family.pk}
    assert ids(search_backend.search("心理辅导 -家校", ANYONE)) == {only_counsel.pk}
    assert ids(search_backend.search('"辅导与家校"', ANYONE)) == {both.pk}
    assert ids(search_backend.search("-心理", ANYONE)) == {only_family.pk}


def test_synonyms_are_applied_and_reported(search_backend):
    counsel = make_reply("开展心理辅导。")
    talk = make_reply("做好心理疏导。")
    results = search_backend.search("心理咨询", ANYONE)
    assert ids(results) == {counsel.pk, talk.pk}
    assert set(results.synonyms_applied) == {"心理辅导", "心理疏导"}
    assert search_backend.search('"心理咨询"', ANYONE).count == 0


def test_a_long_term_without_exact_hit_is_relaxed_to_its_words(search_backend):
    reply = make_reply("学校建设了心理辅导站，服务学生。")
    results = search_backend.search("学校心理辅导站建设", ANYONE)
    assert ids(results) == {reply.pk}
    assert results.relaxed_terms == ["学校心理辅导站建设"]


def test_filters_narrow_and_facets_count_the_current_query(search_backend):
    xinyang = make_reply("心理健康教育", city="信阳市", province="河南省", year=2024,
                         measures=[("加强心理辅导", "建设辅导室", "done", ["counseling"])])
    wuhan = make_reply("心理健康教育", city="武汉市", province="湖北省", year=2023,
                       measures=[("推进家校共育", "召开家长会", "planned", ["family"])])
    make_reply("经费保障", city="武汉市", province="湖北省", year=2023)
    assert ids(search_backend.search("心理", SearchFilters(city="信阳市"))) == {xinyang.pk}
    assert ids(search_backend.search("心理", SearchFilters(province="湖北省"))) == {wuhan.pk}
    assert ids(search_backend.search("心理", SearchFilters(year=2023))) == {wuhan.pk}
    assert ids(search_backend.search("", SearchFilters(type="family"))) == {wuhan.pk}
    assert ids(search_backend.search("", SearchFilters(status="done"))) == {xinyang.pk}
    facets = search_backend.search("心理", ANYONE).facets
    assert facets["city"] == [("信阳市", 1), ("武汉市", 1)]
    assert facets["year"] == [("2024", 1), ("2023", 1)]
    assert dict(facets["type"]) == {"counseling": 1, "family": 1}
    assert dict(facets["status"]) == {"done": 1, "planned": 1}
    assert dict(search_backend.facets("", ANYONE)["city"]) == {"信阳市": 1, "武汉市": 2}


def test_private_replies_are_hidden_from_anonymous_results_counts_and_facets(search_backend):
    public = make_reply("心理健康", city="信阳市")
    private = make_reply("心理健康", city="武汉市", public=False)
    anonymous = search_backend.search("心理", ANYONE)
    assert ids(anonymous) == {public.pk} and anonymous.count == 1
    assert dict(anonymous.facets["city"]) == {"信阳市": 1}
    assert ids(search_backend.search("心理", STAFF)) == {public.pk, private.pk}


def test_title_and_headings_rank_above_body_and_ties_go_newest_first(search_backend):
    body = make_reply("提到家校共育一次。其他内容很多很多。", date=datetime.date(2024, 5, 1))
    heading = make_reply("其他内容。", date=datetime.date(2020, 1, 1),
                         measures=[("推进家校共育", "召开会议", "done", ["family"])])
    title = make_reply("其他内容。", title="关于家校共育的答复", date=datetime.date(2019, 1, 1))
    for _ in range(6):
        make_reply("无关内容，用于统计。")
    order = [hit.reply_id for hit in search_backend.search("家校共育", ANYONE).hits]
    assert order == [title.pk, heading.pk, body.pk]
    old = make_reply("同样的文字。", date=datetime.date(2020, 1, 1))
    new = make_reply("同样的文字！", date=datetime.date(2024, 1, 1))
    assert [h.reply_id for h in search_backend.search("同样的文字", ANYONE).hits] == [new.pk, old.pk]


def test_sort_by_date_is_newest_first(search_backend):
    replies = [make_reply(f"心理健康第{i}篇", date=datetime.date(2020 + i, 1, 1)) for i in range(4)]
    results = search_backend.search("心理", ANYONE, sort="date")
    assert [h.reply_id for h in results.hits] == [r.pk for r in reversed(replies)]
    assert results.ordered_by == "date"


def test_pages_split_the_results(search_backend):
    replies = [make_reply(f"心理健康第{i}篇", date=datetime.date(2020, 1, 1 + i)) for i in range(5)]
    first = search_backend.search("心理", ANYONE, page=1, page_size=2, sort="date")
    third = search_backend.search("心理", ANYONE, page=3, page_size=2, sort="date")
    assert first.count == third.count == 5
    assert [h.reply_id for h in first.hits] == [replies[4].pk, replies[3].pk]
    assert [h.reply_id for h in third.hits] == [replies[0].pk]


def test_snippet_marks_terms_and_escapes_html(search_backend):
    make_reply("<script>alert(1)</script> 學生心理健康 & 辅导")
    hit = search_backend.search("学生心理", ANYONE).hits[0]
    assert "<mark>學生心理</mark>" in hit.snippet
    assert "&lt;script&gt;" in hit.snippet and "<script>" not in hit.snippet
    assert "&amp;" in hit.snippet


def test_hits_list_the_measures_that_match(search_backend):
    reply = make_reply("总体情况。", measures=[
        ("加强心理辅导", "建设辅导室", "done", ["counseling"]),
        ("推进家校共育", "召开家长会", "planned", ["family"]),
    ])
    hit = search_backend.search("家长会", ANYONE).hits[0]
    measure = Measure.objects.get(reply=reply, heading="推进家校共育")
    assert [(m.id, m.heading, m.status) for m in hit.measures] == [(measure.pk, "推进家校共育", "planned")]


def test_nonsense_queries_give_no_results_not_errors(search_backend):
    make_reply("心理健康")
    for query in ('"', "*", "NEAR(", "AND OR", "😀", "x" * 10_000, "a\"b", "NOT", "'", "\\"):
        results = search_backend.search(query, ANYONE)
        assert results.count >= 0


def test_index_follows_edits_and_deletes(search_backend, django_capture_on_commit_callbacks):
    reply = make_reply("原始文字内容", measures=[("旧的标题", "正文", "done", ["other"])])
    with django_capture_on_commit_callbacks(execute=True):
        reply.text = "修改后的文字"
        reply.save()
    assert ids(search_backend.search("修改后", ANYONE)) == {reply.pk}
    assert search_backend.search("原始文字", ANYONE).count == 0
    with django_capture_on_commit_callbacks(execute=True):
        measure = reply.measures.get()
        measure.heading = "新的标题"
        measure.save()
        MeasureType.objects.create(measure=measure, slug="family", rank=1)
    assert ids(search_backend.search("新的标题", ANYONE)) == {reply.pk}
    assert search_backend.search("旧的标题", ANYONE).count == 0
    assert ids(search_backend.search("", SearchFilters(type="family"))) == {reply.pk}
    with django_capture_on_commit_callbacks(execute=True):
        reply.public = False
        reply.save()
    assert search_backend.search("修改后", ANYONE).count == 0
    with django_capture_on_commit_callbacks(execute=True):
        reply.delete()
    assert search_backend.search("修改后", STAFF).count == 0
    assert search_backend.facets("", STAFF)["city"] == []


def test_rebuild_index_restores_a_cleared_index(search_backend):
    from django.core.management import call_command

    reply = make_reply("重建索引测试")
    search_backend.clear()
    assert search_backend.search("重建索引", ANYONE).count == 0
    call_command("rebuild_index", "--no-progress")
    assert ids(search_backend.search("重建索引", ANYONE)) == {reply.pk}


def test_beyond_the_match_limit_count_is_capped_and_pages_go_newest_first(search_backend, monkeypatch):
    import archive.search.base as base

    monkeypatch.setattr(base, "MATCH_LIMIT", 3)
    replies = [make_reply(f"心理健康第{i}篇", date=datetime.date(2020, 1, 1 + i)) for i in range(5)]
    results = search_backend.search("心理", ANYONE, page_size=2)
    assert results.count == 3 and results.count_capped and results.ordered_by == "date"
    assert [h.reply_id for h in results.hits] == [replies[4].pk, replies[3].pk]
    last = search_backend.search("心理", ANYONE, page=3, page_size=2)
    assert [h.reply_id for h in last.hits] == [replies[0].pk]
    assert sum(n for _, n in results.facets["year"]) == 3
