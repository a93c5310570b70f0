"""Web pages → reply text: structure kept, site furniture dropped (archive/ingest/html.py)."""
from archive.ingest.html import html_to_text, looks_like_html


def test_paragraphs_br_and_divs_become_lines():
    page = "<html><body><div><p>第一段</p><p>第二段<br>第二行</p><div>第三段</div></div></body></html>"
    assert html_to_text(page).split("\n\n") == ["第一段", "第二段", "第二行", "第三段"]


def test_inline_tags_do_not_break_lines_and_entities_decode():
    page = "<p>&nbsp;&nbsp;投入<strong>500</strong>万元，建成<span>“心辅中心”</span>&lt;2&gt;处</p>"
    assert html_to_text(page) == "投入500万元，建成“心辅中心”<2>处"


def test_script_style_nav_header_footer_are_dropped():
    page = (
        "<html><head><title>标题栏</title><style>p{color:red}</style></head><body>"
        "<header>网站头部</header><nav><a href='/'>首页</a></nav>"
        "<p>您提出的提案收悉，现答复如下。</p><script>alert('x')</script>"
        "<footer>版权所有 某某市人民政府</footer></body></html>"
    )
    assert html_to_text(page) == "您提出的提案收悉，现答复如下。"


def test_clutter_lines_inside_the_article_are_dropped():
    page = (
        "<div class='content'><p>当前位置：首页 > 政务公开 > 建议提案</p><p>浏览次数：1024</p>"
        "<p>一、加强组织领导。成立工作专班。</p><p>上一篇：关于第9号提案的答复</p>"
        "<p>| ||</p><p>京ICP备12345678号</p><p>P020240710.JPG</p>"
        "<p>Produced By CMS 网站群内容管理系统 publishdate:2024/07/10 10:32:05</p></div>"
    )
    assert html_to_text(page) == "一、加强组织领导。成立工作专班。"


def test_long_prose_mentioning_reading_is_kept():
    prose = "开展全民阅读活动，" * 15 + "全年阅读量 300 次"
    assert html_to_text(f"<p>{prose}</p>") == prose


def test_metadata_cells_in_one_cell_or_two():
    page = (
        "<table><tr><td>办复类别：A</td><td>公开属性</td><td>主动公开</td></tr></table>"
        "<div><p>您提出的建议收悉。</p></div>"
    )
    assert html_to_text(page).split("\n\n") == ["办复类别：A", "公开属性：主动公开", "您提出的建议收悉。"]


def test_menu_lists_of_links_are_dropped_but_prose_lists_kept():
    page = (
        "<ul><li><a href='a'>机构概况</a></li><li><a href='b'>政策文件</a></li></ul>"
        "<ul><li>一是加强培训。</li><li>二是强化督导。</li></ul>"
    )
    assert html_to_text(page).split("\n\n") == ["一是加强培训。", "二是强化督导。"]


def test_main_block_is_chosen_over_a_sidebar():
    sidebar = "<div class='col'>" + "".join(f"<p><a href='{i}'>相关文章标题第{i}篇</a></p>" for i in range(20)) + "</div>"
    article = "<div class='col'><p>" + "现将办理情况答复如下。" * 20 + "</p></div>"
    text = html_to_text(f"<body>{sidebar}{article}</body>")
    assert "相关文章" not in text and text.startswith("现将办理情况")


def test_looks_like_html():
    assert looks_like_html("<!DOCTYPE html><html><body></body></html>")
    assert looks_like_html("<p>一</p><p>二</p><div>三</div>")
    assert not looks_like_html("一、加强领导 <2> 处。\n二、投入 500 万元。")
    paragraphs = "\n\n".join(f"第{i}段，现答复如下。" for i in range(20))
    assert not looks_like_html(paragraphs + "<br><br><br>")  # stray tags in a text file


def test_info_bar_facts_survive_though_the_bar_is_dropped():
    page = (
        "<div class='article-header'><h2>关于第12号提案的答复</h2>"
        "<span>发布时间：2024-07-10 10:32</span><span>办复类别：A</span><span>公开属性：主动公开</span>"
        "<span>浏览：12次</span></div>"
        "<div class='content'><p>签发人：林长</p><p>" + "您提出的提案收悉，现答复如下。" * 15 + "</p></div>"
    )
    lines = html_to_text(page).split("\n\n")
    assert lines[:3] == ["发布时间：2024-07-10", "办复类别：A", "公开属性：主动公开"]
    assert lines.count("签发人：林长") == 1  # a fact already in the reply is not repeated
    assert not any("浏览" in line for line in lines)


def test_info_bar_facts_without_spaces_between_them():
    page = "<div class='info'>办复类别：B公开属性：依申请公开</div><div><p>" + "现答复如下。" * 40 + "</p></div>"
    assert html_to_text(page).split("\n\n")[:2] == ["办复类别：B", "公开属性：依申请公开"]


def test_reply_lines_that_look_like_furniture_words_are_kept():
    kept = ["主办单位：信阳市教育体育局 联系人：孟辉 联系电话：6225005", "二、加强技术支持", "三、举办阅读活动 12 次",
            "点击率提升 5 倍"]
    assert html_to_text("".join(f"<p>{line}</p>" for line in kept)).split("\n\n") == kept


def test_pre_keeps_its_line_breaks():
    page = "<body><pre>一、加强领导。\n二、加大投入。\r\n\n三、强化督导。</pre></body>"
    assert html_to_text(page).split("\n\n") == ["一、加强领导。", "二、加大投入。", "三、强化督导。"]


def test_a_data_table_in_the_reply_is_not_taken_for_metadata():
    page = (
        "<div><p>" + "全市心理健康教育工作情况如下。" * 10 + "</p>"
        "<table><tr><td>类别</td><td>数量</td></tr><tr><td>心理辅导室</td><td>120 个</td></tr></table>"
        "<table><tr><td>类别</td><td>B</td></tr></table></div>"
    )
    lines = html_to_text(page).split("\n\n")
    assert lines[0] == "类别：B"
    assert "类别 数量" in lines and "心理辅导室 120 个" in lines


def test_one_long_paragraph_keeps_its_short_signature_sibling():
    page = "<div id='zoom'><p>" + "现将办理情况答复如下。" * 30 + "</p><p>金华市水务局</p><p>2024年7月3日</p></div>"
    assert html_to_text(page).split("\n\n")[-2:] == ["金华市水务局", "2024年7月3日"]


def test_signature_block_after_the_body_div_is_kept():
    page = (
        "<div class='article'><h1>关于第9号提案的答复</h1>"
        "<div class='body'>" + "<p>现将办理情况答复如下。</p>" * 30 + "</div>"
        "<div class='sign'>金华市水务局<br>2024年7月3日</div>"
        "<div class='bottom'><a href='/p'>上一条：关于第8号提案的答复</a></div></div>"
    )
    lines = html_to_text(page).split("\n\n")
    assert lines[-2:] == ["金华市水务局", "2024年7月3日"]


def test_page_title_is_kept_when_the_body_starts_at_the_salutation():
    page = (
        "<html><head><title>关于市政协八届三次会议第96号提案的答复_建议提案_金华市水务局</title></head><body>"
        "<div class='article'><h1 class='title'>关于市政协八届三次会议第96号提案的答复</h1>"
        "<div class='content'><p>黄志刚委员：</p>" + "<p>现将办理情况答复如下。</p>" * 20 + "</div></div></body></html>"
    )
    lines = html_to_text(page).split("\n\n")
    assert lines[:2] == ["关于市政协八届三次会议第96号提案的答复", "黄志刚委员："]


def test_page_title_is_not_repeated_when_the_body_has_it():
    page = (
        "<h1>关于第96号提案的答复</h1><div><p>关于第 96 号提案的答复</p>"
        + "<p>现将办理情况答复如下。</p>" * 20 + "</div>"
    )
    assert html_to_text(page).split("\n\n")[0] == "关于第 96 号提案的答复"


def test_title_tag_when_the_page_has_no_heading():
    page = (
        "<html><head><title>关于第12号建议的答复 - 某某县民政局</title></head><body><div>"
        + "<p>现将办理情况答复如下。</p>" * 20 + "</div></body></html>"
    )
    assert html_to_text(page).split("\n\n")[0] == "关于第12号建议的答复"


def test_word_saved_as_html():
    """Word's "Save as web page": conditional comments, mso styles, <o:p>, <st1:chsdate>."""
    page = (
        "<html xmlns:o='urn:schemas-microsoft-com:office:office'><head>"
        "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->"
        "<style><!-- p.MsoNormal {margin:0cm;} --></style></head><body lang=ZH-CN><div class=WordSection1>"
        "<p class=MsoNormal align=center><span style='font-size:22.0pt'>株洲市教育局<o:p></o:p></span></p>"
        "<p class=MsoNormal><span lang=EN-US>&nbsp;</span></p>"
        "<p class=MsoNormal style='text-indent:32.0pt'><span>您提出的<span lang=EN-US>“</span>关于医校共筑"
        "青少年心理健康防线的建议<span lang=EN-US>”</span>的提案收悉。<o:p></o:p></span></p>"
        "<p class=MsoNormal><b><span>一、优先顶层设计</span></b><span>，营造环境。</span></p>"
        "<p class=MsoNormal><st1:chsdate Year='2023' Month='6' Day='20'>2023年6月20日</st1:chsdate></p>"
        "</div></body></html>"
    )
    assert html_to_text(page).split("\n\n") == [
        "株洲市教育局", "您提出的“关于医校共筑青少年心理健康防线的建议”的提案收悉。", "一、优先顶层设计，营造环境。", "2023年6月20日",
    ]


def test_furniture_of_a_traditional_script_mirror_is_dropped():
    page = (
        "<div><p>當前位置：首頁 > 政務公開</p><p>瀏覽次數：301</p>"
        "<p>一、強化組織領導。成立工作專班。</p><p>上一條：關於第9號提案的答復</p><p>【打印本頁】【關閉窗口】</p></div>"
    )
    assert html_to_text(page) == "一、強化組織領導。成立工作專班。"
