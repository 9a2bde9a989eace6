// Cell renderers for the metrics table. Article text is untrusted: React renders it as text, and only
// http(s) links are made clickable.
var dagcomponentfuncs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});

dagcomponentfuncs.TitleLink = function (props) {
    var url = props.data && typeof props.data.url === "string" ? props.data.url : "";
    var text = props.value == null ? "" : String(props.value);
    if (!/^https?:\/\//i.test(url)) {
        return React.createElement("span", null, text);
    }
    return React.createElement(
        "a", {href: url, target: "_blank", rel: "noopener noreferrer", title: text}, text
    );
};
