"""One test per phenomenon of the genre (shared GENRE.md), on invented sentences with invented names."""

from __future__ import annotations

import hashlib

import pytest

from laocu_kg.extract import extract
from laocu_kg.extract.dates import infer_year
from laocu_kg.extract.text import detect_script
from laocu_kg.model import Report
from laocu_kg.resolve import resolve


def run(text: str, date: str | None = None):
    r = Report(id="t.txt", text=text, title=text.splitlines()[0], date=date,
               sha256=hashlib.sha256(text.encode()).hexdigest(), script=detect_script(text))
    return resolve(extract(r))


def posts(res) -> set[tuple[str, str, str]]:
    return {(p.name, x.title, x.org) for p in res.persons.values() for x in p.posts}


HEAD = "江西省老促会召开工作座谈会\n"


def test_title_chain_gives_two_posts():
    res = run(HEAD + "江西省政协副主席、省老促会会长胡立新出席会议并讲话。")
    assert posts(res) == {("胡立新", "副主席", "江西省政协"), ("胡立新", "会长", "江西省老区建设促进会")}


def test_shared_title_for_a_list():
    res = run(HEAD + "省老促会副会长甘小东、裴红梅、冉德福参加会议。")
    assert {p for p in posts(res) if p[1] == "副会长"} == {
        (n, "副会长", "江西省老区建设促进会") for n in ("甘小东", "裴红梅", "冉德福")}


def test_list_first_then_title():
    res = run(HEAD + "会议增补甘小东、裴红梅为省老促会副会长,冉德福为副秘书长。")
    assert ("甘小东", "副会长", "江西省老区建设促进会") in posts(res)
    assert ("裴红梅", "副会长", "江西省老区建设促进会") in posts(res)
    assert ("冉德福", "副秘书长", "江西省老区建设促进会") in posts(res)


def test_organization_carries_through_a_list():
    res = run("赣州市老促会召开座谈会\n赣州市老促会常务副会长钱立民、副秘书长孙海燕,瑞金市政协主席周建华出席。")
    assert ("孙海燕", "副秘书长", "赣州市老区建设促进会") in posts(res)
    assert ("周建华", "主席", "瑞金市政协") in posts(res)


def test_jian_gives_two_posts():
    res = run(HEAD + "省老促会常务副会长兼秘书长吴志刚主持会议。")
    assert posts(res) == {("吴志刚", "常务副会长", "江西省老区建设促进会"), ("吴志刚", "秘书长", "江西省老区建设促进会")}


@pytest.mark.parametrize("chain,title,org", [
    ("赣州市人大常委会原副主任", "原副主任", "赣州市人大常委会"),
    ("原江西省政协副主席", "原副主席", "江西省政协"),
])
def test_former_posts(chain, title, org):
    res = run(HEAD + f"{chain}韩向荣出席会议。")
    assert ("韩向荣", title, org) in posts(res)


def test_yuan_as_surname_is_not_former():
    res = run(HEAD + "省老促会副会长原卫平出席会议。")
    assert posts(res) == {("原卫平", "副会长", "江西省老区建设促进会")}


def test_yuan_before_a_place_is_not_a_post():
    res = run(HEAD + "会议研究了原中央苏区振兴发展工作。")
    assert not res.persons


def test_party_and_government_chain():
    res = run("瑞金市老促会召开座谈会\n瑞金市委副书记、市长欧阳明亮致辞。")
    assert posts(res) == {("欧阳明亮", "副书记", "中共瑞金市委"), ("欧阳明亮", "市长", "瑞金市人民政府")}


def test_department_chain_and_contracted_title():
    res = run("赣州市老促会召开座谈会\n赣州市委常委、宣传部部长司马立群,于都县委组织部长万晓红出席。")
    assert ("司马立群", "常委", "中共赣州市委") in posts(res)
    assert ("司马立群", "部长", "中共赣州市委宣传部") in posts(res)
    assert ("万晓红", "部长", "中共于都县委组织部") in posts(res)


@pytest.mark.parametrize("title", ["名誉会长", "顾问", "监事长", "常务理事"])
def test_board_titles(title):
    res = run(HEAD + f"省老促会{title}柯长青出席。")
    assert posts(res) == {("柯长青", title, "江西省老区建设促进会")}


def test_gender_mark_and_caption_position():
    res = run(HEAD + "省老促会副会长刘英(女)、章建新参加会议。\n省老促会会长胡立新(左三)在会上讲话")
    assert res.persons["刘英"].gender == "female"
    assert ("章建新", "副会长", "江西省老区建设促进会") in posts(res)
    assert ("胡立新", "会长", "江西省老区建设促进会") in posts(res)


def test_compound_surname_four_character_name():
    res = run(HEAD + "省老促会副会长上官文明出席会议。")
    assert posts(res) == {("上官文明", "副会长", "江西省老区建设促进会")}


def test_byline_authors_are_not_participants():
    res = run(HEAD + "省老促会会长胡立新出席会议。\n(通讯员 蔺小峰 记者 屈文静)")
    assert set(res.authors) == {"蔺小峰", "屈文静"}
    assert "蔺小峰" not in res.persons


def test_abbreviations_resolved_to_the_report_area():
    res = run("陕西省延川县老促会召开座谈会\n县委副书记邬建军、县政协主席郝明出席。")
    assert ("邬建军", "副书记", "中共延川县委") in posts(res)
    assert ("郝明", "主席", "延川县政协") in posts(res)


def test_national_association_aliases():
    res = run(HEAD + "中国老促会副会长祁向阳、全国老促会秘书长阚立新出席。")
    org = res.orgs["中国老区建设促进会"]
    assert {"中国老促会", "全国老促会"} <= org.aliases


def test_association_name_variants_are_one_body():
    res = run("通江县老区促进会召开座谈会\n通江县革命老区建设促进会会长苟正清主持。")
    assert ("苟正清", "会长", "通江县老区建设促进会") in posts(res)
    assert "通江县老区建设促进会" in res.orgs and "通江县老区促进会" in res.orgs["通江县老区建设促进会"].aliases


def test_place_prefixes_glued_to_organizations():
    res = run("福建省龙岩市上杭县老促会召开会议\n福建省龙岩市上杭县老促会会长蓝明辉主持。")
    assert ("蓝明辉", "会长", "上杭县老区建设促进会") in posts(res)


def test_hierarchy_of_associations():
    res = run("江西省老促会召开会议\n江西省老促会、赣州市老促会、于都县老促会负责人参加。")
    assert res.orgs["于都县老区建设促进会"].parent == "赣州市老区建设促进会"
    assert res.orgs["赣州市老区建设促进会"].parent == "江西省老区建设促进会"


def test_contracted_laocu_hui_zhang():
    res = run("湖南省老促会举办培训班\n郴州市老促会长温建强介绍经验。")
    assert ("温建强", "会长", "郴州市老区建设促进会") in posts(res)


def test_site_list_and_villages():
    res = run(HEAD + "与会人员先后参观了南山烈士纪念馆、梓山镇潭头村和方志敏旧居旧址。")
    names = {p.name for p in res.places.values() if p.level in ("site", "village")}
    assert {"南山烈士纪念馆", "潭头村"} <= names


def test_date_range_and_year_from_anniversary():
    res = run("江西省老促会在瑞金召开座谈会\n10月24日至26日,江西省老促会在瑞金市召开座谈会,纪念中国工农红军长征胜利88周年。")
    main = res.events[0]
    assert (main.start, main.end) == ("2024-10-24", "2024-10-26")
    assert main.place is not None and main.place.name == "瑞金市"


def test_year_is_never_invented():
    res = run("通江县老促会召开座谈会\n9月26日上午,通江县老促会在县城召开座谈会。")
    assert res.events[0].start == "--09-26"
    assert infer_year("9月26日上午召开座谈会") is None


def test_day_back_reference_uses_the_report_month():
    res = run("上杭县老促会召开会议\n(2024年3月28日)\n28日上午,上杭县老促会召开换届会议。", None)
    assert res.events[0].start == "2024-03-28"


def test_works_and_awards_with_counts():
    res = run(HEAD + "会议对瑞金市老促会等12个先进集体、饶冬生等20名先进个人进行了表彰,《赣南红色记忆》出版。")
    awards = {(a.title, a.recipient, a.count) for a in res.awards}
    assert ("先进集体", "瑞金市老区建设促进会", 12) in awards
    assert ("先进个人", "饶冬生", 20) in awards
    assert "赣南红色记忆" in res.works


def test_traditional_script_reads_like_simplified():
    res = run("江西省老區建設促進會召開會議\n江西省政協副主席、省老促會會長胡立新出席會議並講話。")
    assert ("胡立新", "會長", "江西省老區建設促進會") in posts(res)
    assert "江西省老区建设促进会" in res.orgs["江西省老區建設促進會"].aliases


def test_person_names_are_not_words():
    res = run(HEAD + "会议强调,要高度重视老区工作,省老促会成立以来成绩显著。")
    assert not res.persons


def test_full_width_punctuation_reads_like_half_width():
    """Web reports write ，（）：； and full-width digits; they must read exactly like their half-width forms."""
    half = HEAD + "2024年5月9日,省老促会副会长甘小东、裴红梅(女)参加会议。县政协主席冉德福:致辞。"
    full = half.translate({c - 0xFEE0: c for c in range(0xFF01, 0xFF5F) if chr(c - 0xFEE0) in ",():2"})
    assert full != half and "\uff0c" in full and "\uff08" in full
    assert posts(run(full)) == posts(run(half))
    assert {p for p in posts(run(full)) if p[1] == "副会长"} == {
        (n, "副会长", "江西省老区建设促进会") for n in ("甘小东", "裴红梅")}
    assert [(e.name, e.start) for e in run(full).events] == [(e.name, e.start) for e in run(half).events]
