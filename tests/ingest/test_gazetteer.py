"""City and province of a bureau from the gazetteer data file."""
import pytest

from archive.ingest.gazetteer import Place, leading_place


@pytest.mark.parametrize(
    "bureau, place",
    [
        ("信阳市教育体育局", Place("信阳市", "河南省")),
        ("永济市教育体育局", Place("永济市", "山西省")),
        ("株洲市教育局", Place("株洲市", "湖南省")),
        ("桐柏县卫生健康委员会", Place("桐柏县", "河南省")),
        ("南阳市桐柏县卫生健康委员会", Place("桐柏县", "河南省")),
        ("河南省信阳市教育体育局", Place("信阳市", "河南省")),
        ("北京市朝阳区教育委员会", Place("朝阳区", "北京市")),
        ("长春市朝阳区教育局", Place("朝阳区", "吉林省")),
        ("重庆市万州区交通运输局", Place("万州区", "重庆市")),
        ("仙桃市农业农村局", Place("仙桃市", "湖北省")),
    ],
)
def test_leading_place(bureau, place):
    assert leading_place(bureau) == place


def test_ambiguous_county_without_prefecture_has_no_province():
    assert leading_place("鼓楼区教育局") == Place("鼓楼区", None)


@pytest.mark.parametrize("bureau", ["教育部", "市教育局", ""])
def test_no_place(bureau):
    assert leading_place(bureau) is None
